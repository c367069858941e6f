import { Injectable } from '@nestjs/common';
import { Clock } from '@stoflow/core';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { assertMediaKey } from './media-storage';
import { MediaSettings } from './media-settings';

/** Expiry is rounded up to the hour, so one image keeps the same URL for a while and browsers can cache it. */
const EXPIRY_STEP_SECONDS = 3600;
/** 128-bit tag (HMAC-SHA256 truncated): plenty against forgery, and it keeps tokens short. */
const MAC_BYTES = 16;
/** Fastify refuses path parameters longer than 100 characters (414): keys must stay short enough. */
export const MAX_SIGNABLE_KEY_LENGTH = 52;

/**
 * Signed media tokens: `base64url(key).expiry.base64url(HMAC-SHA256(key.expiry)[0..16])`. The token is the whole
 * credential, so `GET /media/{token}` needs no access token and works for marketplaces fetching images.
 */
@Injectable()
export class MediaUrlSigner {
  constructor(
    private readonly settings: MediaSettings,
    private readonly clock: Clock,
  ) {}

  sign(key: string): string {
    assertMediaKey(key);
    if (key.length > MAX_SIGNABLE_KEY_LENGTH) throw new Error(`Media key too long to sign: ${key}`);
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const expiry = Math.ceil((now + this.settings.urlTtlSeconds) / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
    const payload = `${Buffer.from(key, 'utf8').toString('base64url')}.${expiry.toString(36)}`;
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  url(key: string): string {
    return `${this.settings.publicBaseUrl}/media/${this.sign(key)}`;
  }

  /** The key a token grants, or null when it is malformed, tampered with or expired. */
  verify(token: string): { key: string; expiresAt: number } | null {
    const parts = token.split('.');
    if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[0] + parts[2]) || !/^[0-9a-z]+$/.test(parts[1])) {
      return null;
    }
    const given = Buffer.from(parts[2], 'base64url');
    const expected = this.mac(`${parts[0]}.${parts[1]}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const expiresAt = parseInt(parts[1], 36);
    if (!(expiresAt * 1000 > this.clock.now().getTime())) return null;
    return { key: Buffer.from(parts[0], 'base64url').toString('utf8'), expiresAt };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.settings.signingKey).update(payload).digest().subarray(0, MAC_BYTES);
  }
}
