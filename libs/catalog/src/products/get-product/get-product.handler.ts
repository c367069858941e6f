import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TenantDatabase } from '@stoflow/core';
import { ProductNotFound } from '../product.errors';
import { ProductReader } from '../product-reader';
import { isProductId, ProductView } from '../product-view';
import { GetProductQuery } from './get-product.query';

@QueryHandler(GetProductQuery)
export class GetProductHandler implements IQueryHandler<GetProductQuery, ProductView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly reader: ProductReader,
  ) {}

  async execute({ productId }: GetProductQuery): Promise<ProductView> {
    const product = isProductId(productId)
      ? await this.db.transaction((em) => this.reader.byId(em, productId), { readOnly: true })
      : undefined;
    if (!product) throw new ProductNotFound(productId);
    return product;
  }
}
