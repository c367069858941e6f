import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { UsersRepository } from '../users/users.repository';
import { QuotaLimits, toQuotaLimits } from './quota';
import { QuotasRepository } from './quotas.repository';

/** Every tier with its limits, cheapest first. */
export class ListQuotasQuery extends Query<QuotaLimits[]> {}

@QueryHandler(ListQuotasQuery)
export class ListQuotasHandler implements IQueryHandler<ListQuotasQuery, QuotaLimits[]> {
  constructor(
    private readonly users: UsersRepository,
    private readonly quotas: QuotasRepository,
  ) {}

  async execute(): Promise<QuotaLimits[]> {
    return (await this.quotas.all(this.users.em())).map(toQuotaLimits);
  }
}
