import { Command } from '@nestjs/cqrs';
import type { ProductImageView } from '../product-image.repository';

/** Sets the order of a product's images: `imageIds` lists every one of them, once, cover first. */
export class ReorderImagesCommand extends Command<ProductImageView[]> {
  constructor(
    readonly productId: string,
    readonly imageIds: string[],
  ) {
    super();
  }
}
