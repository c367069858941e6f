import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PublishQuotaUsageQuery } from '@stoflow/auth';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { MarketplaceJobsRepository } from '../marketplace-jobs.repository';

/**
 * /me's "publishes today": the publish jobs asked for since UTC midnight on every marketplace together (the daily
 * quota's count). The one handler of this query: marketplaces never count their own.
 */
@QueryHandler(PublishQuotaUsageQuery)
export class PublishQuotaUsageHandler implements IQueryHandler<PublishQuotaUsageQuery, number> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly jobs: MarketplaceJobsRepository,
  ) {}

  execute({ userId }: PublishQuotaUsageQuery): Promise<number> {
    return this.tenant.run(userId, () => this.db.transaction((em) => this.jobs.publishesToday(em), { readOnly: true }));
  }
}
