import { Injectable } from '@nestjs/common';
import { AppConfig } from '@stoflow/core';
import { hkdfSync } from 'node:crypto';
import path from 'node:path';

/** Where media live and how their URLs are signed (settings MEDIA_DIR, MEDIA_SIGNING_SECRET, MEDIA_URL_TTL_SECONDS, MEDIA_PUBLIC_BASE_URL). */
@Injectable()
export class MediaSettings {
  /** Absolute directory of the local-disk storage. */
  readonly root: string;
  /** HMAC key of signed media URLs. */
  readonly signingKey: Buffer;
  /** How long a signed URL stays valid. */
  readonly urlTtlSeconds: number;
  /** Prefix of signed URLs (e.g. `https://api.stoflow.app`), so marketplaces can fetch them; empty = relative. */
  readonly publicBaseUrl: string;

  constructor(config: AppConfig) {
    this.root = path.resolve(config.MEDIA_DIR);
    this.signingKey = config.MEDIA_SIGNING_SECRET
      ? Buffer.from(config.MEDIA_SIGNING_SECRET, 'utf8')
      : // A key of its own, derived so that a media URL can never be confused with a JWT signature.
        Buffer.from(hkdfSync('sha256', config.JWT_SECRET, 'stoflow', 'media-url-signing', 32));
    this.urlTtlSeconds = config.MEDIA_URL_TTL_SECONDS;
    this.publicBaseUrl = (config.MEDIA_PUBLIC_BASE_URL ?? '').replace(/\/+$/, '');
  }
}
