import { Command } from '@nestjs/cqrs';
import type { ProductImageView } from '../product-image.repository';

/** Adds an image (raw uploaded bytes) at the end of a product's images. */
export class UploadImageCommand extends Command<ProductImageView> {
  constructor(
    readonly productId: string,
    readonly bytes: Buffer,
  ) {
    super();
  }
}
