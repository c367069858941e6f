import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProductQuotaUsageQuery } from '@stoflow/auth';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { countLiveProducts } from '../product-quota';

/** Answers auth's /me: the products that count against the quota are the live (not deleted) ones. */
@QueryHandler(ProductQuotaUsageQuery)
export class ProductQuotaUsageHandler implements IQueryHandler<ProductQuotaUsageQuery, number> {
  constructor(
    private readonly context: TenantContext,
    private readonly db: TenantDatabase,
  ) {}

  execute({ userId }: ProductQuotaUsageQuery): Promise<number> {
    return this.context.run(userId, () => this.db.transaction(countLiveProducts, { readOnly: true }));
  }
}
