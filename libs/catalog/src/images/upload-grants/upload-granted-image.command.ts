import { Command } from '@nestjs/cqrs';
import type { ProductImageView } from '../product-image.repository';

/** The bytes sent to a signed upload URL: added to its product once; the same URL again answers that image. */
export class UploadGrantedImageCommand extends Command<ProductImageView> {
  constructor(
    readonly token: string,
    readonly bytes: Buffer,
  ) {
    super();
  }
}
