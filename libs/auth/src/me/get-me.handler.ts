import { IQuery, IQueryHandler, QueryBus, QueryHandler, QueryHandlerNotFoundException } from '@nestjs/cqrs';
import { NotFound } from '@stoflow/core';
import { GetQuotaQuery } from '../quotas/get-quota.query';
import { ProductQuotaUsageQuery, PublishQuotaUsageQuery } from '../quotas/quota-usage.queries';
import { toUserView } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { GetMeQuery, Me } from './get-me.query';

@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery, Me> {
  constructor(
    private readonly users: UsersRepository,
    private readonly queries: QueryBus,
  ) {}

  async execute({ userId }: GetMeQuery): Promise<Me> {
    const row = await this.users.byId(this.users.em(), userId);
    if (!row) throw new NotFound('User', userId);
    const { disabled: _disabled, createdAt, ...user } = toUserView(row);
    const [limits, products, publishes] = await Promise.all([
      this.queries.execute(new GetQuotaQuery(userId)),
      this.usage(new ProductQuotaUsageQuery(userId)),
      this.usage(new PublishQuotaUsageQuery(userId)),
    ]);
    return {
      ...user,
      quotas: {
        products: { used: products, limit: limits.products },
        publishesToday: { used: publishes, limit: limits.publishesPerDay },
        marketplaces: { limit: limits.marketplaces },
      },
      createdAt,
    };
  }

  /** The owning module answers; none registered yet means nothing used yet. */
  private async usage(query: IQuery): Promise<number> {
    try {
      return await this.queries.execute<IQuery, number>(query);
    } catch (error) {
      if (error instanceof QueryHandlerNotFoundException) return 0;
      throw error;
    }
  }
}
