import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { assertAttributesExist } from '../../attributes/attribute-ids';
import { StaleProductVersion } from '../product.errors';
import { ProductUpdatedEvent } from '../product.events';
import { ProductReader } from '../product-reader';
import { flushProduct, lockLiveProduct } from '../product-store';
import { ProductView } from '../product-view';
import { UpdateProductCommand } from './update-product.command';

@CommandHandler(UpdateProductCommand)
export class UpdateProductHandler implements ICommandHandler<UpdateProductCommand, ProductView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly context: TenantContext,
    private readonly outbox: Outbox,
    private readonly reader: ProductReader,
  ) {}

  async execute({ productId, changes, expectedVersion, from }: UpdateProductCommand): Promise<ProductView> {
    const tenantId = this.context.requireTenantId();
    return this.db.transaction(async (em) => {
      const product = await lockLiveProduct(em, productId);
      if (expectedVersion !== undefined && expectedVersion !== product.version) {
        throw new StaleProductVersion(productId, product.version);
      }
      await assertAttributesExist(em, changes);
      const changed = product.update(changes);
      if (changed.length > 0) {
        // The UPDATE also names the version it read (optimistic lock), a second guard behind the row lock.
        await flushProduct(em, product);
        await this.outbox.add(
          em,
          new ProductUpdatedEvent(tenantId, product.id, product.version, changed, null, from ?? null),
        );
      }
      return (await this.reader.byId(em, product.id))!;
    });
  }
}
