import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { MarketplaceJobsRepository } from '../marketplace-jobs.repository';
import { JobScheduler } from '../runner/job-scheduler';
import { ResumeWaitingJobsCommand } from './resume-waiting-jobs.command';

/** Answers how many jobs were waiting on the account. */
@CommandHandler(ResumeWaitingJobsCommand)
export class ResumeWaitingJobsHandler implements ICommandHandler<ResumeWaitingJobsCommand, number> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly jobs: MarketplaceJobsRepository,
    private readonly scheduler: JobScheduler,
  ) {}

  async execute({ tenantId, marketplace }: ResumeWaitingJobsCommand): Promise<number> {
    const waiting = await this.tenant.run(tenantId, () =>
      this.db.transaction((em) => this.jobs.waitingOnAccount(em, marketplace), { readOnly: true }),
    );
    await Promise.all(waiting.map((jobId) => this.scheduler.advance(tenantId, jobId)));
    return waiting.length;
  }
}
