import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { MARKETPLACES, Marketplace } from '@stoflow/catalog';
import { PageQuery } from '@stoflow/core';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { ORDER_STATUSES, OrderStatus, STOCK_OUTCOMES, StockOutcome } from './order';

/** The period of a summary: sold at or after `from`, before `to`. */
export class PeriodParams {
  @ApiPropertyOptional({ format: 'date-time', description: 'Sold at or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Sold before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export class OrdersParams extends IntersectionType(PageQuery, PeriodParams) {
  @ApiPropertyOptional({ enum: MARKETPLACES })
  @IsOptional()
  @IsIn(MARKETPLACES)
  marketplace?: Marketplace;

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ enum: STOCK_OUTCOMES })
  @IsOptional()
  @IsIn(STOCK_OUTCOMES)
  stockOutcome?: StockOutcome;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MARKETPLACES }) marketplace!: string;
  @ApiProperty({ description: "The marketplace's order id" }) externalId!: string;
  @ApiProperty({ description: "The marketplace's line id within the order" }) lineId!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null for a product StoFlow does not know',
  })
  productId!: string | null;
  @ApiProperty({ nullable: true, type: String }) sku!: string | null;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty() quantity!: number;
  @ApiProperty({ example: '12.50' }) total!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ nullable: true, type: String, description: "The buyer's display name only" }) buyer!: string | null;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: string;
  @ApiProperty({
    enum: STOCK_OUTCOMES,
    description: 'recorded: taken from the stock; oversold: the stock could not cover it; unmatched: unknown product',
  })
  stockOutcome!: string;
  @ApiProperty({ description: 'A cancelled or refunded sale gave its units back' }) stockReturned!: boolean;
  @ApiProperty() soldAt!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items!: OrderDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}

export class RevenueDto {
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: '125.50' }) amount!: string;
}

export class MarketplaceSummaryDto {
  @ApiProperty({ enum: MARKETPLACES }) marketplace!: string;
  @ApiProperty({ description: 'Order lines, cancelled and refunded ones left out' }) orders!: number;
  @ApiProperty() units!: number;
  @ApiProperty({ type: [RevenueDto] }) revenue!: RevenueDto[];
}

export class OrderSummaryDto {
  @ApiProperty({ type: [MarketplaceSummaryDto] }) marketplaces!: MarketplaceSummaryDto[];
}
