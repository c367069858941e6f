import { Injectable } from '@nestjs/common';
import { ProductImages } from '../products/product-images.port';
import { ProductImageRepository, ProductImageView, StoredImage } from './product-image.repository';

/** What product reads use for `images`: a column of the product query, ordered by position, URLs signed. */
@Injectable()
export class SignedProductImages extends ProductImages {
  constructor(private readonly images: ProductImageRepository) {
    super();
  }

  column(productId: string): string {
    return `coalesce((select json_agg(json_build_object('id', i.id, 'position', i.position,
        'storageKey', i.storage_key, 'thumbnailKey', i.thumbnail_key) order by i.position)
        from product_image i where i.product_id = ${productId}), '[]')`;
  }

  views(raw: unknown): ProductImageView[] {
    return (raw as StoredImage[]).map((image) => this.images.view(image));
  }
}
