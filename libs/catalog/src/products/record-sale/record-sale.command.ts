import { Command } from '@nestjs/cqrs';
import type { ProductStatus } from '../product-status';

export interface SaleRecorded {
  productId: string;
  stockQuantity: number;
  status: ProductStatus;
  /** This sale took the last unit: the product is now `sold` and ProductSoldEvent is in the outbox. */
  soldOut: boolean;
}

/**
 * A marketplace sold `quantity` units of a product (run in the seller's tenant context). Never oversells:
 * concurrent sales queue on the product row; a sale beyond the stock left is 409 CONFLICT.
 */
export class RecordSaleCommand extends Command<SaleRecorded> {
  constructor(
    readonly productId: string,
    readonly quantity = 1,
  ) {
    super();
  }
}
