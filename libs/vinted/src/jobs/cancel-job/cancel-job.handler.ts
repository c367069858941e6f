import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Conflict, IllegalTransition, NotFound, TenantDatabase } from '@stoflow/core';
import { VintedJobRunner } from '../saga/vinted-job.runner';
import { isJobId, JobView } from '../vinted-job';
import { toJobView, VintedJobsRepository } from '../vinted-jobs.repository';
import { CancelVintedJobCommand } from './cancel-job.command';

@CommandHandler(CancelVintedJobCommand)
export class CancelVintedJobHandler implements ICommandHandler<CancelVintedJobCommand, JobView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: VintedJobsRepository,
    private readonly runner: VintedJobRunner,
  ) {}

  async execute({ userId, jobId }: CancelVintedJobCommand): Promise<JobView> {
    if (!isJobId(jobId)) throw new NotFound('Job', jobId);
    const outcome = await this.runner.cancel(userId, jobId);
    if (outcome === 'not-found') throw new NotFound('Job', jobId);
    const job = await this.db.transaction((em) => this.jobs.byId(em, jobId), { readOnly: true });
    if (outcome === 'creating') {
      throw new Conflict(
        'Vinted is creating this item right now: wait for the job to finish, then unpublish the product',
        [{ field: 'status', issue: 'the item may already exist on Vinted', step: job?.step ?? null }],
      );
    }
    if (outcome === 'not-live') throw new IllegalTransition('This job', job!.status, 'cancelled');
    return toJobView(job!);
  }
}
