import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';

export const PUBLISHING_JOBS_QUEUE = 'publishing-jobs';
export const ADVANCE_JOB = 'advance';

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

  async advance(tenantId: number, jobId: string, at?: Date): Promise<void> {
    const delay = at ? Math.max(0, at.getTime() - Date.now()) : 0;
    try {
      await this.queue.add(
        ADVANCE_JOB,
        { tenantId, jobId },
        { delay, attempts: 3, backoff: 1_000, removeOnComplete: true, removeOnFail: 100 },
      );
    } catch (error) {
      this.log.warn({ err: error, tenantId, jobId }, 'Could not queue a job step; the sweeper will pick it up');
    }
  }
}
