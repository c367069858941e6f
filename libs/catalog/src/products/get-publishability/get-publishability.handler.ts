import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TenantDatabase } from '@stoflow/core';
import { Product } from '../product.entity';
import { ProductNotFound } from '../product.errors';
import { isProductId } from '../product-view';
import { GetPublishabilityQuery, Publishable } from './get-publishability.query';

@QueryHandler(GetPublishabilityQuery)
export class GetPublishabilityHandler implements IQueryHandler<GetPublishabilityQuery, Publishable> {
  constructor(private readonly db: TenantDatabase) {}

  async execute({ productId }: GetPublishabilityQuery): Promise<Publishable> {
    const product = isProductId(productId)
      ? await this.db.transaction((em) => em.findOne(Product, { id: productId, deletedAt: null }), { readOnly: true })
      : null;
    if (!product) throw new ProductNotFound(productId);
    product.assertPublishable();
    return { productId: product.id, sku: product.sku, stockQuantity: product.stockQuantity, version: product.version };
  }
}
