import { Query } from '@nestjs/cqrs';
import type { Marketplace } from '@stoflow/catalog';
import type { Page } from '@stoflow/core';
import type { OrderStatus, OrderView, StockOutcome } from '../order';

export interface OrdersFilter {
  marketplace?: Marketplace;
  status?: OrderStatus;
  productId?: string;
  stockOutcome?: StockOutcome;
  /** Sold at or after. */
  from?: Date;
  /** Sold before. */
  to?: Date;
}

/** The tenant's order lines of every marketplace, newest sale first. */
export class ListOrdersQuery extends Query<Page<OrderView>> {
  constructor(
    readonly page: number,
    readonly limit: number,
    readonly filter: OrdersFilter = {},
  ) {
    super();
  }
}
