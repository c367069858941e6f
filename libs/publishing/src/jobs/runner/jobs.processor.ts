import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { JobSettings } from '../job-settings';
import { DueJobsRebuild } from './due-jobs-rebuild';
import { AdvancePayload, ADVANCE_JOB, PUBLISHING_JOBS_QUEUE } from './job-scheduler';
import { JobRunner } from './job-runner';
import { JobsSweeper } from './jobs.sweeper';

const SWEEP_JOB = 'sweep-jobs';

/** The worker side of the runner: job steps on request, and the periodic sweep (keyed: scheduled once). */
@Processor(PUBLISHING_JOBS_QUEUE)
export class JobsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly runner: JobRunner,
    private readonly sweeper: JobsSweeper,
    private readonly rebuild: DueJobsRebuild,
    private readonly settings: JobSettings,
    @InjectQueue(PUBLISHING_JOBS_QUEUE) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The due list lives in Redis: rebuilt from the rows at start, a restart always resumes every live job.
    this.rebuild.start();
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
