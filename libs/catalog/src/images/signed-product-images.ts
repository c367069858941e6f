import { Injectable } from '@nestjs/common';
import { ProductImages } from '../products/product-images.port';
import { ProductImageRepository } from './product-image.repository';

/**
 * One image exactly as migration 0720 renders it (json_build_object: `"key" : value`, keys in this order).
 * Inside a JSON string every `"` is escaped, so `{"id" : "` can only start an object, never text a seller typed;
 * no other object of a product has these keys in this order; media keys never hold `"` or `\` (assertMediaKey).
 */
const STORED_IMAGE =
  /\{"id" : "([0-9a-f-]{36})", "url" : "([^"\\]+)", "thumbnailUrl" : "([^"\\]+)", "position" : (\d+)\}/g;

/** What product reads use for `images`: a column of the product query, ordered by position, URLs signed. */
@Injectable()
export class SignedProductImages extends ProductImages {
  constructor(private readonly images: ProductImageRepository) {
    super();
  }

  /** Kept on the product row by the product_image triggers (tenant migration 0720). */
  column(product: string): string {
    return `${product}.images_json`;
  }

  sign(json: string): string {
    if (!json.includes('"thumbnailUrl" : "')) return json;
    return json.replace(
      STORED_IMAGE,
      (_match, id: string, storageKey: string, thumbnailKey: string, position: string) =>
        JSON.stringify(this.images.view({ id, storageKey, thumbnailKey, position: Number(position) })),
    );
  }
}
