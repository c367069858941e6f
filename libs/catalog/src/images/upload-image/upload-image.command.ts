import { Command } from '@nestjs/cqrs';
import type { Marketplace } from '../../products/product-view';
import type { ProductImageView } from '../product-image.repository';

/** The stored image, and the product's new version (its ETag): the upload changed the product. */
export interface UploadedImage {
  image: ProductImageView;
  productVersion: number;
}

/** Adds an image (raw uploaded bytes) at the end of a product's images. */
export class UploadImageCommand extends Command<UploadedImage> {
  constructor(
    readonly productId: string,
    readonly bytes: Buffer,
    /** The marketplace the image was copied from (an import): it is not sent back there. */
    readonly from: Marketplace | null = null,
  ) {
    super();
  }
}
