import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';

export const PUBLISHING_JOBS_QUEUE = 'publishing-jobs';
export const ADVANCE_JOB = 'advance';

/** Bull's priorities: 1 is taken first. Every step carries one, so the order between the two always holds. */
const URGENT = 1;
const ROUTINE = 5;

export interface AdvancePayload {
  tenantId: number;
  jobId: string;
}

/**
 * Asks the worker to run a job's next step, now or later (back-off, expiry). Payloads carry plain ids only. Best
 * effort: a lost request is found by the sweeper, which looks at every live job left idle.
 */
@Injectable()
export class JobScheduler {
  private readonly log = new Logger(JobScheduler.name);

  constructor(@InjectQueue(PUBLISHING_JOBS_QUEUE) private readonly queue: Queue<AdvancePayload>) {}

  /**
   * `urgent`: a withdrawal (an item sold elsewhere must leave the other marketplaces first) goes before every step
   * waiting in the queue, whatever the marketplace.
   */
  async advance(tenantId: number, jobId: string, at?: Date, urgent = false): Promise<void> {
    const delay = at ? Math.max(0, at.getTime() - Date.now()) : 0;
    try {
      await this.queue.add(
        ADVANCE_JOB,
        { tenantId, jobId },
        {
          delay,
          priority: urgent ? URGENT : ROUTINE,
          attempts: 3,
          backoff: 1_000,
          removeOnComplete: true,
          removeOnFail: 100,
        },
      );
    } catch (error) {
      this.log.warn({ err: error, tenantId, jobId }, 'Could not queue a job step; the sweeper will pick it up');
    }
  }
}
