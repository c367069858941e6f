import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';

export const ETSY_CALLS_QUEUE = 'etsy-calls';
export const SEND_CALL = 'send';

export interface SendCallPayload {
  tenantId: number;
  callId: string;
  attempt: number;
  urgent: boolean;
}

/**
 * Hands a decided call to the worker. Withdrawals go first: an item sold elsewhere must leave Etsy before any
 * publish or revision waiting behind it. Best effort: a call never sent is found past its deadline by the job's
 * next look (the sweeper's), which checks Etsy before sending anything again.
 */
@Injectable()
export class EtsyCallQueue {
  private readonly log = new Logger(EtsyCallQueue.name);

  constructor(@InjectQueue(ETSY_CALLS_QUEUE) private readonly queue: Queue<SendCallPayload>) {}

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
      this.log.warn({ err: error, ...payload }, 'Could not queue an Etsy call; the job looks for it past its deadline');
    }
  }
}
