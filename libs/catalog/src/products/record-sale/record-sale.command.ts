import { Command } from '@nestjs/cqrs';
import type { ProductStatus } from '../product-status';
import type { Marketplace } from '../product-view';

/**
 * Which marketplace order the sale comes from: the idempotency key of RecordSale, with the product. An order
 * sync that sees the same order again (a replay, a retry, two syncs at once) sends the same ref.
 */
export interface SaleRef {
  marketplace: Marketplace;
  /** The marketplace's id of the order (eBay order id, Etsy receipt id, Vinted transaction id), 1..200 chars. */
  orderId: string;
}

export interface SaleRecorded {
  productId: string;
  stockQuantity: number;
  status: ProductStatus;
  /** This sale took the last unit: the product is now `sold` and ProductSoldEvent is in the outbox. */
  soldOut: boolean;
}

/**
 * A marketplace sold `quantity` units of a product in the order `saleRef` (run in the seller's tenant context).
 * Never oversells: concurrent sales queue on the product row; a sale beyond the stock left is 409 CONFLICT.
 * Idempotent per (saleRef, product): the same order again answers what the first time answered, without a second
 * decrement or a second event; the same order with another quantity is 409 CONFLICT.
 */
export class RecordSaleCommand extends Command<SaleRecorded> {
  constructor(
    readonly productId: string,
    readonly saleRef: SaleRef,
    readonly quantity = 1,
  ) {
    super();
  }
}
