import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ProductImages } from '../products/product-images.port';
import { ProductImage } from './product-image.entity';
import { ProductImageRepository, ProductImageView } from './product-image.repository';

/** What product reads use for `images`: one query for any number of products, ordered by position, URLs signed. */
@Injectable()
export class SignedProductImages extends ProductImages {
  constructor(private readonly images: ProductImageRepository) {
    super();
  }

  async of(em: EntityManager, productIds: string[]): Promise<Map<string, ProductImageView[]>> {
    const byProduct = new Map<string, ProductImageView[]>();
    if (productIds.length === 0) return byProduct;
    const rows = await em.find(
      ProductImage,
      { productId: { $in: [...new Set(productIds)] } },
      { orderBy: { productId: 'asc', position: 'asc' } },
    );
    for (const row of rows) {
      const list = byProduct.get(row.productId) ?? [];
      list.push(this.images.view(row));
      byProduct.set(row.productId, list);
    }
    return byProduct;
  }
}
