import { Query } from '@nestjs/cqrs';
import type { Marketplace } from '@stoflow/catalog';

export interface MarketplaceSummary {
  marketplace: Marketplace;
  orders: number;
  units: number;
  /** Per currency: marketplaces sell in several, and amounts are never converted. */
  revenue: { currency: string; amount: string }[];
}

/** Orders, units and revenue per marketplace over a period (cancelled and refunded lines left out). */
export class OrderSummaryQuery extends Query<{ marketplaces: MarketplaceSummary[] }> {
  constructor(
    readonly from?: Date,
    readonly to?: Date,
  ) {
    super();
  }
}
