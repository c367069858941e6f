import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';

/** The Bull job name of a sequence to send, on each marketplace's own calls queue. */
export const SEND_CALL = 'send';

export interface SendCallPayload {
  tenantId: number;
  callId: string;
  attempt: number;
  urgent: boolean;
}

/**
 * Hands a decided sequence to the worker, on the marketplace's own queue. Withdrawals go first: an item sold
 * elsewhere must leave the marketplace before any publish or revision waiting behind it. Best effort: a call never
 * sent is found past its deadline by the job's next look (the sweeper's), which checks the marketplace before
 * sending anything again. A marketplace subclasses it with its injected queue.
 */
export abstract class SequenceCallQueue {
  private readonly log: Logger;

  protected constructor(
    private readonly queue: Queue<SendCallPayload>,
    private readonly marketplace: string,
  ) {
    this.log = new Logger(`${marketplace}CallQueue`);
  }

  async send(payload: SendCallPayload, at?: Date): Promise<void> {
    try {
      await this.queue.add(SEND_CALL, payload, {
        // A postponed call is a new Bull job (the one that postpones it is still running under the first id).
        jobId: `${payload.tenantId}:${payload.callId}:${payload.attempt}${at ? `:${at.getTime()}` : ''}`,
        delay: at ? Math.max(0, at.getTime() - Date.now()) : 0,
        priority: payload.urgent ? 1 : 5,
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: 100,
      });
    } catch (error) {
      this.log.warn(
        { err: error, ...payload },
        `Could not queue a ${this.marketplace} call; the job looks for it past its deadline`,
      );
    }
  }
}
