import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Conflict, IllegalTransition, NotFound, TenantDatabase } from '@stoflow/core';
import { JobSettings } from '../job-settings';
import { DueJobTenants } from '../saga/due-job-tenants';
import { JobScheduler } from '../saga/job-scheduler';
import { STEP } from '../saga/job-steps';
import { isJobId, JobState, JobView } from '../vinted-job';
import { toJobView, VintedJobsRepository } from '../vinted-jobs.repository';
import { RetryVintedJobCommand } from './retry-job.command';

@CommandHandler(RetryVintedJobCommand)
export class RetryVintedJobHandler implements ICommandHandler<RetryVintedJobCommand, JobView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: VintedJobsRepository,
    private readonly settings: JobSettings,
    private readonly scheduler: JobScheduler,
    private readonly due: DueJobTenants,
  ) {}

  async execute({ userId, jobId }: RetryVintedJobCommand): Promise<JobView> {
    if (!isJobId(jobId)) throw new NotFound('Job', jobId);
    const view = await this.db.transaction(async (em) => {
      const job = await this.jobs.lock(em, jobId);
      if (!job) throw new NotFound('Job', jobId);
      if (job.status !== 'failed' && job.status !== 'expired') {
        throw new IllegalTransition('This job', job.status, 'pending');
      }
      const other = (await this.jobs.liveOf(em, job.product_id)).find((j) => j.id !== job.id);
      if (other) {
        throw new Conflict('Another job of this product is in progress: retry once it has finished', [
          { field: 'productId', issue: 'has a live job', jobId: other.id },
        ]);
      }
      const state: JobState = { ...job.state, csrfRetried: [] };
      // A create that may have reached Vinted is looked for in the wardrobe before anything is created again.
      if (job.action === 'publish' && !state.itemId && (state.creates ?? 0) > 0) {
        state.reconcile = { page: 1, exhausted: false };
        state.creates = 0;
      }
      await this.jobs.transition(em, job.id, 'pending', {
        state,
        // The failed call is not re-run as it was: the step is decided again from the state.
        task_id: null,
        step: job.step === STEP.createItem ? null : job.step,
        step_retries: 0,
        waiting: null,
        next_run_at: null,
        error_code: null,
        error_message: null,
        expires_at: new Date(Date.now() + this.settings.jobTtlMs),
      });
      return toJobView((await this.jobs.byId(em, job.id))!);
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
