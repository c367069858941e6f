import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound, TenantDatabase } from '@stoflow/core';
import { isJobId } from '../../jobs/marketplace-job';
import { OrderView } from '../order';
import { Order, toOrderView } from '../order.entity';
import { GetOrderQuery } from './get-order.query';

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ orderId }: GetOrderQuery): Promise<OrderView> {
    // Ids are uuids like a job's: anything else names no order.
    const order = isJobId(orderId)
      ? await this.db.transaction((em) => em.findOne(Order, orderId), { readOnly: true })
      : null;
    if (!order) throw new NotFound('Order', orderId);
    return toOrderView(order);
  }
}
