import { Query } from '@nestjs/cqrs';
import type { StoredMedia } from '../media-storage';

export interface SignedMedia extends StoredMedia {
  /** Unix seconds at which the token stops working. */
  expiresAt: number;
}

/** The media object a signed token grants, or NOT_FOUND. */
export class GetMediaQuery extends Query<SignedMedia> {
  constructor(readonly token: string) {
    super();
  }
}
