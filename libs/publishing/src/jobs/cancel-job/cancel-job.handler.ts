import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Conflict, IllegalTransition, NotFound, TenantDatabase } from '@stoflow/core';
import { isJobId, JobView } from '../marketplace-job';
import { MarketplaceJobsRepository, toJobView } from '../marketplace-jobs.repository';
import { JobRunner } from '../runner/job-runner';
import { CancelJobCommand } from './cancel-job.command';

@CommandHandler(CancelJobCommand)
export class CancelJobHandler implements ICommandHandler<CancelJobCommand, JobView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: MarketplaceJobsRepository,
    private readonly runner: JobRunner,
  ) {}

  async execute({ userId, jobId }: CancelJobCommand): Promise<JobView> {
    if (!isJobId(jobId)) throw new NotFound('Job', jobId);
    const outcome = await this.runner.cancel(userId, jobId);
    if (outcome === 'not-found') throw new NotFound('Job', jobId);
    const job = await this.db.transaction((em) => this.jobs.byId(em, jobId), { readOnly: true });
    if (typeof outcome === 'object') {
      throw new Conflict(outcome.refused, [
        { field: 'status', issue: 'the listing may already exist on the marketplace', step: job?.step ?? null },
      ]);
    }
    if (outcome === 'not-live') throw new IllegalTransition('This job', job!.status, 'cancelled');
    return toJobView(job!);
  }
}
