import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page } from '@stoflow/core';
import { OrderPageDto, OrdersParams } from '../orders.dto';
import { OrderView } from '../order';
import { ListOrdersQuery } from './list-orders.query';

@ApiTags('orders')
@ApiBearerAuth('access-token')
@Controller('api/orders')
export class ListOrdersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: OrderPageDto, description: 'Every marketplace, newest sale first' })
  list(@Query() params: OrdersParams): Promise<Page<OrderView>> {
    const { page, limit, marketplace, status, productId, stockOutcome, from, to } = params;
    return this.queries.execute(
      new ListOrdersQuery(page, limit, { marketplace, status, productId, stockOutcome, from, to }),
    );
  }
}
