import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TenantDatabase } from '@stoflow/core';
import { FindProductBySkuQuery } from './find-product-by-sku.query';

@QueryHandler(FindProductBySkuQuery)
export class FindProductBySkuHandler implements IQueryHandler<FindProductBySkuQuery, string | undefined> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ sku }: FindProductBySkuQuery): Promise<string | undefined> {
    const [row] = await this.db.transaction(
      (em) =>
        em.execute<{ id: string }[]>('select id from product where sku = ? and deleted_at is null limit 1', [sku]),
      { readOnly: true },
    );
    return row?.id;
  }
}
