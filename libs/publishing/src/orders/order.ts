import type { Marketplace } from '@stoflow/catalog';

export const ORDER_STATUSES = ['paid', 'shipped', 'completed', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** What a line did to the stock: a sale taken from it, one it could not cover, or a product StoFlow does not know. */
export const STOCK_OUTCOMES = ['recorded', 'oversold', 'unmatched'] as const;
export type StockOutcome = (typeof STOCK_OUTCOMES)[number];

/** A marketplace order line as an order sync reads it (money as a two-decimal string). */
export interface OrderLine {
  marketplace: Marketplace;
  externalId: string;
  lineId: string;
  /** Our product, when the marketplace's line names it (a listing we made); else it is found by `sku`. */
  productId?: string | null;
  sku?: string | null;
  title?: string | null;
  quantity: number;
  total: string;
  currency: string;
  /** The buyer's display name only: no address or e-mail is kept. */
  buyer?: string | null;
  status: OrderStatus;
  soldAt: Date;
}

/** An order line as the API answers it (API.md, Orders). */
export interface OrderView {
  id: string;
  marketplace: Marketplace;
  externalId: string;
  lineId: string;
  productId: string | null;
  sku: string | null;
  title: string | null;
  quantity: number;
  total: string;
  currency: string;
  buyer: string | null;
  status: OrderStatus;
  stockOutcome: StockOutcome;
  stockReturned: boolean;
  soldAt: string;
  createdAt: string;
  updatedAt: string;
}

/** The order line's key in the catalog's sales (RecordSale's and ReturnSale's idempotency key). */
export function saleOrderId(line: Pick<OrderLine, 'externalId' | 'lineId'>): string {
  return `${line.externalId}:${line.lineId}`;
}

export const RETURNING_STATUSES: readonly OrderStatus[] = ['cancelled', 'refunded'];
