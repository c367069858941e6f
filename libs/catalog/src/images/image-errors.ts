import { BusinessRuleViolation, DomainError, NotFound } from '@stoflow/core';

export const MAX_IMAGES_PER_PRODUCT = 20;
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export class ProductNotFound extends NotFound {
  constructor(id: string) {
    super('Product', id);
  }
}

export class ImageNotFound extends NotFound {
  constructor(id: string) {
    super('Image', id);
  }
}

/** The bytes are not a JPEG, PNG or WebP that can be decoded, whatever the name or the Content-Type say. */
export class UnsupportedImage extends BusinessRuleViolation {
  constructor(issue: string) {
    super('UNSUPPORTED_IMAGE', `The file is not a usable image: ${issue}. Send a JPEG, PNG or WebP photo`, [
      { field: 'file', issue },
    ]);
  }
}

export class TooManyImages extends BusinessRuleViolation {
  constructor() {
    super(
      'TOO_MANY_IMAGES',
      `A product has at most ${MAX_IMAGES_PER_PRODUCT} images: delete one before adding another`,
      [{ field: 'file', issue: `limit of ${MAX_IMAGES_PER_PRODUCT} images reached`, limit: MAX_IMAGES_PER_PRODUCT }],
    );
  }
}

export class ImageTooLarge extends DomainError {
  constructor() {
    super('PAYLOAD_TOO_LARGE', 413, 'The image is larger than 10 MB: send a smaller file', [
      { field: 'file', issue: 'larger than 10 MB', limit: MAX_IMAGE_BYTES },
    ]);
  }
}

/** The request is not multipart/form-data, or carries no file part. */
export class NoImageInRequest extends DomainError {
  constructor(status: 400 | 415, message: string) {
    super(status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED', status, message, [
      { field: 'file', issue: 'missing' },
    ]);
  }
}
