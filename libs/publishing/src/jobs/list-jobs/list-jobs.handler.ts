import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, TenantDatabase } from '@stoflow/core';
import { JobView } from '../marketplace-job';
import { MarketplaceJobsRepository } from '../marketplace-jobs.repository';
import { ListJobsQuery } from './list-jobs.query';

@QueryHandler(ListJobsQuery)
export class ListJobsHandler implements IQueryHandler<ListJobsQuery, Page<JobView>> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: MarketplaceJobsRepository,
  ) {}

  async execute({ page, limit, filter }: ListJobsQuery): Promise<Page<JobView>> {
    const rows = await this.db.transaction((em) => this.jobs.list(em, filter, page, limit), { readOnly: true });
    const total = rows[0]?.total ?? (page > 1 ? await this.count(filter) : 0);
    return { items: rows.map(({ total: _total, ...view }) => view), total, page, limit };
  }

  /** A page past the end carries no row to read the total from. */
  private async count(filter: ListJobsQuery['filter']): Promise<number> {
    const rows = await this.db.transaction((em) => this.jobs.list(em, filter, 1, 1), { readOnly: true });
    return rows[0]?.total ?? 0;
  }
}
