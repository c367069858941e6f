import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OrderDto } from '../orders.dto';
import { OrderView } from '../order';
import { GetOrderQuery } from './get-order.query';

@ApiTags('orders')
@ApiBearerAuth('access-token')
@Controller('api/orders')
export class GetOrderController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown id or another tenant's order)" })
  get(@Param('id') id: string): Promise<OrderView> {
    return this.queries.execute(new GetOrderQuery(id));
  }
}
