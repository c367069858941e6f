import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, TenantDatabase } from '@stoflow/core';
import { JobView } from '../vinted-job';
import { toJobView, VintedJobsRepository } from '../vinted-jobs.repository';
import { ListVintedJobsQuery } from './list-jobs.query';

@QueryHandler(ListVintedJobsQuery)
export class ListVintedJobsHandler implements IQueryHandler<ListVintedJobsQuery, Page<JobView>> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: VintedJobsRepository,
  ) {}

  async execute({ page, limit, filter }: ListVintedJobsQuery): Promise<Page<JobView>> {
    const { rows } = await this.db.transaction((em) => this.jobs.list(em, filter, page, limit), { readOnly: true });
    const total = rows[0]?.total ?? (page > 1 ? await this.count(filter) : 0);
    return { items: rows.map(toJobView), total, page, limit };
  }

  /** A page past the end carries no row to read the total from. */
  private async count(filter: ListVintedJobsQuery['filter']): Promise<number> {
    const { rows } = await this.db.transaction((em) => this.jobs.list(em, filter, 1, 1), { readOnly: true });
    return rows[0]?.total ?? 0;
  }
}
