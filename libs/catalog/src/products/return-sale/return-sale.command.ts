import { Command } from '@nestjs/cqrs';
import type { SaleRef, SaleRecorded } from '../record-sale/record-sale.command';

/**
 * The order `saleRef` that sold this product was cancelled or refunded on its marketplace: its units go back to the
 * stock, once (a replay answers what the first return answered), and a product it had sold out is for sale again.
 * Run in the seller's tenant context; 404 when no such sale was recorded.
 */
export class ReturnSaleCommand extends Command<SaleRecorded> {
  constructor(
    readonly productId: string,
    readonly saleRef: SaleRef,
  ) {
    super();
  }
}
