import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { ProductDeletedEvent } from '../product.events';
import { flushProduct, lockLiveProduct } from '../product-store';
import { DeleteProductCommand } from './delete-product.command';

@CommandHandler(DeleteProductCommand)
export class DeleteProductHandler implements ICommandHandler<DeleteProductCommand, void> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly context: TenantContext,
    private readonly outbox: Outbox,
  ) {}

  async execute({ productId }: DeleteProductCommand): Promise<void> {
    const tenantId = this.context.requireTenantId();
    await this.db.transaction(async (em) => {
      const product = await lockLiveProduct(em, productId);
      product.softDelete();
      await flushProduct(em, product);
      await this.outbox.add(em, new ProductDeletedEvent(tenantId, product.id, product.sku));
    });
  }
}
