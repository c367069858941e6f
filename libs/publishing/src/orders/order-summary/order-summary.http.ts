import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OrderSummaryDto, PeriodParams } from '../orders.dto';
import { MarketplaceSummary, OrderSummaryQuery } from './order-summary.query';

@ApiTags('orders')
@ApiBearerAuth('access-token')
@Controller('api/orders')
export class OrderSummaryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiOkResponse({ type: OrderSummaryDto, description: 'Per marketplace: orders, units, revenue per currency' })
  summary(@Query() params: PeriodParams): Promise<{ marketplaces: MarketplaceSummary[] }> {
    return this.queries.execute(new OrderSummaryQuery(params.from, params.to));
  }
}
