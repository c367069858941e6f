import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { JobSettings } from '../job-settings';
import { AdvancePayload, ADVANCE_JOB, VINTED_JOBS_QUEUE } from './job-scheduler';
import { VintedJobsSweeper } from './vinted-jobs.sweeper';
import { VintedJobRunner } from './vinted-job.runner';

const SWEEP_JOB = 'sweep-vinted-jobs';

/** The worker side of the saga: job steps on request, and the periodic sweep (keyed: scheduled once). */
@Processor(VINTED_JOBS_QUEUE)
export class VintedJobsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly runner: VintedJobRunner,
    private readonly sweeper: VintedJobsSweeper,
    private readonly settings: JobSettings,
    @InjectQueue(VINTED_JOBS_QUEUE) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      SWEEP_JOB,
      {},
      {
        repeat: { every: this.settings.sweepEveryMs },
        jobId: SWEEP_JOB,
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  @Process({ name: ADVANCE_JOB, concurrency: 4 })
  advance(job: Job<AdvancePayload>): Promise<void> {
    return this.runner.advance(job.data.tenantId, job.data.jobId);
  }

  @Process(SWEEP_JOB)
  sweep(): Promise<{ tenants: number; jobs: number }> {
    return this.sweeper.sweep();
  }
}
