import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PublishQuotaUsageQuery } from '@stoflow/auth';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { VintedJobsRepository } from '../vinted-jobs.repository';

/** /me's "publishes today": the Vinted publish jobs asked for since UTC midnight (the daily quota's count). */
@QueryHandler(PublishQuotaUsageQuery)
export class PublishQuotaUsageHandler implements IQueryHandler<PublishQuotaUsageQuery, number> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly jobs: VintedJobsRepository,
  ) {}

  execute({ userId }: PublishQuotaUsageQuery): Promise<number> {
    return this.tenant.run(userId, () => this.db.transaction((em) => this.jobs.publishesToday(em), { readOnly: true }));
  }
}
