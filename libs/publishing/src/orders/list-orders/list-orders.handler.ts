import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, TenantDatabase } from '@stoflow/core';
import { OrderView } from '../order';
import { Order, toOrderView } from '../order.entity';
import { ordersWhere } from '../orders-sql';
import { ListOrdersQuery } from './list-orders.query';

@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery, Page<OrderView>> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ page, limit, filter }: ListOrdersQuery): Promise<Page<OrderView>> {
    const { where, params } = ordersWhere(filter);
    return this.db.transaction(
      async (em) => {
        // One statement: the page and the filter's total (a page past the end still counts, through the left join).
        const rows = await em.execute<(Record<string, unknown> & { matching: number })[]>(
          `select o.*, t.matching from (select count(*)::int as matching from orders ${where}) t
             left join lateral (select * from orders ${where} order by sold_at desc, id desc limit ? offset ?) o on true`,
          [...params, ...params, limit, (page - 1) * limit],
        );
        const total = rows[0]?.matching ?? 0;
        const items = rows
          .filter((r) => r.id !== null)
          .map(({ matching: _matching, ...row }) => toOrderView(em.map(Order, row)));
        return { items, total, page, limit };
      },
      { readOnly: true },
    );
  }
}
