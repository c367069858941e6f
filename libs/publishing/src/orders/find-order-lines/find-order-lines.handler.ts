import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TenantDatabase } from '@stoflow/core';
import { FindOrderLinesQuery, KnownOrderLine } from './find-order-lines.query';

@QueryHandler(FindOrderLinesQuery)
export class FindOrderLinesHandler implements IQueryHandler<FindOrderLinesQuery, KnownOrderLine[]> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ marketplace, externalIds }: FindOrderLinesQuery): Promise<KnownOrderLine[]> {
    if (externalIds.length === 0) return [];
    return this.db.transaction(
      (em) =>
        em.execute<KnownOrderLine[]>(
          `select external_id as "externalId", line_id as "lineId", product_id as "productId"
             from orders where marketplace = ? and external_id in (${externalIds.map(() => '?').join(', ')})
            order by external_id, line_id`,
          [marketplace, ...externalIds],
        ),
      { readOnly: true },
    );
  }
}
