import { Command } from '@nestjs/cqrs';
import type { Marketplace } from '../../products/product-view';

export interface ImageUploadGrant {
  /** `POST` one multipart part named `file` there (no access token: the URL is the credential). */
  url: string;
  expiresAt: string;
}

/**
 * A signed, single-use URL that adds one image to the product (in the current tenant) through the normal image
 * pipeline: for a client that holds bytes but no user token, such as the extension copying a marketplace photo.
 */
export class GrantImageUploadCommand extends Command<ImageUploadGrant> {
  constructor(
    readonly productId: string,
    /** The marketplace the image comes from (an import): the new image is not sent back there. */
    readonly from: Marketplace | null = null,
  ) {
    super();
  }
}
