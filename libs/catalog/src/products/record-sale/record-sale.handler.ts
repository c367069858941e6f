import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { ProductSoldEvent, ProductUpdatedEvent } from '../product.events';
import { flushProduct, lockLiveProduct } from '../product-store';
import { RecordSaleCommand, SaleRecorded } from './record-sale.command';

@CommandHandler(RecordSaleCommand)
export class RecordSaleHandler implements ICommandHandler<RecordSaleCommand, SaleRecorded> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly context: TenantContext,
    private readonly outbox: Outbox,
  ) {}

  async execute({ productId, quantity }: RecordSaleCommand): Promise<SaleRecorded> {
    const tenantId = this.context.requireTenantId();
    return this.db.transaction(async (em) => {
      const product = await lockLiveProduct(em, productId);
      const soldOut = product.recordSale(quantity);
      await flushProduct(em, product);
      const changed = soldOut ? ['stockQuantity', 'status'] : ['stockQuantity'];
      await this.outbox.add(
        em,
        new ProductUpdatedEvent(tenantId, product.id, product.version, changed),
        ...(soldOut ? [new ProductSoldEvent(tenantId, product.id, product.sku, quantity)] : []),
      );
      return { productId: product.id, stockQuantity: product.stockQuantity, status: product.status, soldOut };
    });
  }
}
