import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFound, Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { ProductUpdatedEvent } from '../product.events';
import { ProductStatus } from '../product-status';
import { flushProduct, lockLiveProduct } from '../product-store';
import { SaleRecorded } from '../record-sale/record-sale.command';
import { ReturnSaleCommand } from './return-sale.command';

interface SaleRow {
  quantity: number;
  returned_at: Date | null;
  stock_after_return: number | null;
  status_after_return: ProductStatus | null;
}

@CommandHandler(ReturnSaleCommand)
export class ReturnSaleHandler implements ICommandHandler<ReturnSaleCommand, SaleRecorded> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly context: TenantContext,
    private readonly outbox: Outbox,
  ) {}

  async execute({ productId, saleRef }: ReturnSaleCommand): Promise<SaleRecorded> {
    const tenantId = this.context.requireTenantId();
    return this.db.transaction(async (em) => {
      // The sale row is locked first: two returns of one order at once run one after the other.
      const [sale] = await em.execute<SaleRow[]>(
        `select quantity, returned_at, stock_after_return, status_after_return from product_sale
          where marketplace = ? and order_id = ? and product_id = ? for update`,
        [saleRef.marketplace, saleRef.orderId, productId],
      );
      if (!sale) throw new NotFound(`Sale of ${saleRef.marketplace} order`, saleRef.orderId);
      if (sale.returned_at) {
        return {
          productId,
          stockQuantity: sale.stock_after_return!,
          status: sale.status_after_return!,
          soldOut: false,
        };
      }
      const product = await lockLiveProduct(em, productId);
      const reopened = product.returnSale(sale.quantity);
      await flushProduct(em, product);
      await em.execute(
        `update product_sale set returned_at = now(), stock_after_return = ?, status_after_return = ?
          where marketplace = ? and order_id = ? and product_id = ?`,
        [product.stockQuantity, product.status, saleRef.marketplace, saleRef.orderId, productId],
        'run',
      );
      const changed = reopened ? ['stockQuantity', 'status'] : ['stockQuantity'];
      await this.outbox.add(em, new ProductUpdatedEvent(tenantId, product.id, product.version, changed));
      return { productId, stockQuantity: product.stockQuantity, status: product.status, soldOut: false };
    });
  }
}
