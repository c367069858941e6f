import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Conflict, IllegalTransition, NotFound, TenantDatabase } from '@stoflow/core';
import { Drivers } from '../../driver/drivers';
import { DriverJob } from '../../driver/marketplace-driver';
import { JobSettings } from '../job-settings';
import { isJobId, JobView } from '../marketplace-job';
import { MarketplaceJobsRepository, toJobView } from '../marketplace-jobs.repository';
import { DueJobTenants } from '../runner/due-job-tenants';
import { JobScheduler } from '../runner/job-scheduler';
import { RetryJobCommand } from './retry-job.command';

@CommandHandler(RetryJobCommand)
export class RetryJobHandler implements ICommandHandler<RetryJobCommand, JobView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: MarketplaceJobsRepository,
    private readonly drivers: Drivers,
    private readonly settings: JobSettings,
    private readonly scheduler: JobScheduler,
    private readonly due: DueJobTenants,
  ) {}

  async execute({ userId, jobId }: RetryJobCommand): Promise<JobView> {
    if (!isJobId(jobId)) throw new NotFound('Job', jobId);
    const view = await this.db.transaction(async (em) => {
      const job = await this.jobs.lock(em, jobId);
      if (!job) throw new NotFound('Job', jobId);
      if (job.status !== 'failed' && job.status !== 'expired') {
        throw new IllegalTransition('This job', job.status, 'pending');
      }
      const other = (await this.jobs.liveOf(em, job.marketplace, job.productId)).find((j) => j.id !== job.id);
      if (other) {
        throw new Conflict('Another job of this product is in progress there: retry once it has finished', [
          { field: 'productId', issue: 'has a live job', jobId: other.id },
        ]);
      }
      // The failed call is not re-run as it was: the driver says where the job resumes from its state.
      const resume = this.drivers.get(job.marketplace).resumeFrom(job as DriverJob);
      await this.jobs.transition(em, job, 'pending', {
        state: resume.state,
        step: resume.step,
        callId: null,
        stepRetries: 0,
        waiting: null,
        nextRunAt: null,
        errorCode: null,
        errorMessage: null,
        expiresAt: new Date(Date.now() + this.settings.jobTtlMs),
      });
      return toJobView(job);
    });
    await Promise.all([
      this.scheduler.advance(userId, jobId),
      // Expiry by a delayed step as well as by the sweeper.
      this.scheduler.advance(userId, jobId, new Date(view.expiresAt)),
      this.due.mark(userId, new Date(Date.now() + this.settings.idleCheckMs)),
    ]);
    return view;
  }
}
