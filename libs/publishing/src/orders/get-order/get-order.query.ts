import { Query } from '@nestjs/cqrs';
import type { OrderView } from '../order';

/** One order line of the tenant (404 for an unknown id or another tenant's order). */
export class GetOrderQuery extends Query<OrderView> {
  constructor(readonly orderId: string) {
    super();
  }
}
