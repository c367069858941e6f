import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MARKETPLACES, Marketplace } from '@stoflow/catalog';
import { TenantDatabase } from '@stoflow/core';
import { ordersWhere } from '../orders-sql';
import { MarketplaceSummary, OrderSummaryQuery } from './order-summary.query';

interface Row {
  marketplace: Marketplace;
  currency: string;
  orders: number;
  units: number;
  amount: string;
}

@QueryHandler(OrderSummaryQuery)
export class OrderSummaryHandler implements IQueryHandler<OrderSummaryQuery, { marketplaces: MarketplaceSummary[] }> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ from, to }: OrderSummaryQuery): Promise<{ marketplaces: MarketplaceSummary[] }> {
    const { where, params } = ordersWhere({ from, to });
    const rows = await this.db.transaction(
      (em) =>
        em.execute<Row[]>(
          `select marketplace, currency, count(*)::int as orders, sum(quantity)::int as units,
                  sum(total)::numeric(14, 2)::text as amount
             from orders ${where ? `${where} and` : 'where'} status not in ('cancelled', 'refunded')
            group by marketplace, currency order by marketplace, currency`,
          params,
        ),
      { readOnly: true },
    );
    return {
      marketplaces: MARKETPLACES.map((marketplace) => {
        const mine = rows.filter((r) => r.marketplace === marketplace);
        return {
          marketplace,
          orders: mine.reduce((n, r) => n + r.orders, 0),
          units: mine.reduce((n, r) => n + r.units, 0),
          revenue: mine.map((r) => ({ currency: r.currency.trim(), amount: r.amount })),
        };
      }),
    };
  }
}
