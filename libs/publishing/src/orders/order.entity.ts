import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { Marketplace } from '@stoflow/catalog';
import { ORDER_STATUSES, OrderStatus, OrderView, STOCK_OUTCOMES, StockOutcome } from './order';

/** One marketplace order line: table `orders` in the tenant schema (unique per marketplace, order and line). */
@Entity({ schema: '*', tableName: 'orders' })
export class Order {
  [OptionalProps]?: 'productId' | 'sku' | 'title' | 'buyer' | 'stockReturned' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  marketplace!: Marketplace;

  @Property({ type: 'text' })
  externalId!: string;

  @Property({ type: 'text' })
  lineId!: string;

  @Property({ type: 'uuid', nullable: true })
  productId: string | null = null;

  @Property({ type: 'text', nullable: true })
  sku: string | null = null;

  @Property({ type: 'text', nullable: true })
  title: string | null = null;

  @Property({ type: 'integer' })
  quantity!: number;

  // numeric(12, 2), read as text: money is never a float.
  @Property({ type: 'decimal', precision: 12, scale: 2 })
  total!: string;

  @Property({ columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'text', nullable: true })
  buyer: string | null = null;

  @Enum({ items: () => [...ORDER_STATUSES] })
  status!: OrderStatus;

  @Enum({ items: () => [...STOCK_OUTCOMES] })
  stockOutcome!: StockOutcome;

  @Property({ type: 'boolean' })
  stockReturned = false;

  @Property({ type: 'timestamptz' })
  soldAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}

export function toOrderView(order: Order): OrderView {
  return {
    id: order.id,
    marketplace: order.marketplace,
    externalId: order.externalId,
    lineId: order.lineId,
    productId: order.productId,
    sku: order.sku,
    title: order.title,
    quantity: order.quantity,
    total: order.total,
    currency: order.currency,
    buyer: order.buyer,
    status: order.status,
    stockOutcome: order.stockOutcome,
    stockReturned: order.stockReturned,
    soldAt: new Date(order.soldAt).toISOString(),
    createdAt: new Date(order.createdAt).toISOString(),
    updatedAt: new Date(order.updatedAt).toISOString(),
  };
}
