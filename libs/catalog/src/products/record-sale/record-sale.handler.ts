import { EntityManager } from '@mikro-orm/postgresql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Conflict, Outbox, TenantContext, TenantDatabase, ValidationFailed } from '@stoflow/core';
import { ProductSoldEvent, ProductUpdatedEvent } from '../product.events';
import { ProductStatus } from '../product-status';
import { flushProduct, lockLiveProduct } from '../product-store';
import { ProductNotFound } from '../product.errors';
import { isProductId, MARKETPLACES } from '../product-view';
import { RecordSaleCommand, SaleRecorded, SaleRef } from './record-sale.command';

interface SaleRow {
  quantity: number;
  stock_after: number;
  status_after: ProductStatus;
  sold_out: boolean;
}

@CommandHandler(RecordSaleCommand)
export class RecordSaleHandler implements ICommandHandler<RecordSaleCommand, SaleRecorded> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly context: TenantContext,
    private readonly outbox: Outbox,
  ) {}

  async execute({ productId, saleRef, quantity }: RecordSaleCommand): Promise<SaleRecorded> {
    assertSaleRef(saleRef);
    if (!isProductId(productId)) throw new ProductNotFound(productId);
    const tenantId = this.context.requireTenantId();
    return this.db.transaction(async (em) => {
      // Recorded already: the same answer, even if the product changed or was deleted since.
      const known = await recordedSale(em, productId, saleRef, quantity);
      if (known) return known;
      const product = await lockLiveProduct(em, productId);
      // A replay running at the same time waited for the lock above; this statement sees what it committed.
      const raced = await recordedSale(em, productId, saleRef, quantity);
      if (raced) return raced;
      const soldOut = product.recordSale(quantity);
      await flushProduct(em, product);
      await em.execute(
        `insert into product_sale (marketplace, order_id, product_id, quantity, stock_after, status_after, sold_out)
         values (?, ?, ?, ?, ?, ?, ?)`,
        [saleRef.marketplace, saleRef.orderId, product.id, quantity, product.stockQuantity, product.status, soldOut],
      );
      const changed = soldOut ? ['stockQuantity', 'status'] : ['stockQuantity'];
      await this.outbox.add(
        em,
        new ProductUpdatedEvent(tenantId, product.id, product.version, changed, saleRef.marketplace),
        ...(soldOut
          ? [new ProductSoldEvent(tenantId, product.id, product.sku, quantity, saleRef.marketplace, saleRef.orderId)]
          : []),
      );
      return { productId: product.id, stockQuantity: product.stockQuantity, status: product.status, soldOut };
    });
  }
}

async function recordedSale(
  em: EntityManager,
  productId: string,
  { marketplace, orderId }: SaleRef,
  quantity: number,
): Promise<SaleRecorded | undefined> {
  const [sale] = await em.execute<SaleRow[]>(
    `select quantity, stock_after, status_after, sold_out from product_sale
      where marketplace = ? and order_id = ? and product_id = ?`,
    [marketplace, orderId, productId],
  );
  if (!sale) return undefined;
  if (sale.quantity !== quantity) {
    throw new Conflict(
      `The ${marketplace} order ${orderId} already sold ${sale.quantity} of product ${productId}, not ${quantity}`,
      [{ field: 'quantity', issue: `this order was recorded with ${sale.quantity}` }],
    );
  }
  return { productId, stockQuantity: sale.stock_after, status: sale.status_after, soldOut: sale.sold_out };
}

function assertSaleRef(ref: SaleRef | undefined): void {
  const details = [];
  if (!ref || !MARKETPLACES.includes(ref.marketplace)) {
    details.push({ field: 'saleRef.marketplace', issue: `must be one of ${MARKETPLACES.join(', ')}` });
  }
  if (!ref || typeof ref.orderId !== 'string' || ref.orderId.length < 1 || ref.orderId.length > 200) {
    details.push({ field: 'saleRef.orderId', issue: 'must be a marketplace order id of 1 to 200 characters' });
  }
  if (details.length) throw new ValidationFailed('A sale needs the marketplace order it comes from', details);
}
