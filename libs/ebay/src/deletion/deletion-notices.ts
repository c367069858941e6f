import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig, isOutboundFailure, RedisClient } from '@stoflow/core';
import type Redis from 'ioredis';
import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';
import { EbayTokens } from '../account/ebay-tokens';
import { EbayApi } from '../api/ebay-api';

/** How long a public key is trusted once read (eBay recommends caching them; each read spends Notification quota). */
const KEY_TTL_SECONDS = 3600;

interface SignatureHeader {
  alg?: string;
  kid?: string;
  signature?: string;
  digest?: string;
}

/**
 * eBay's Marketplace Account Deletion notices (EBAY.md): the endpoint's challenge, and the ECDSA signature each
 * notice carries in `X-EBAY-SIGNATURE`, checked with eBay's public key for its key id (read with the app's token
 * from the Notification API, cached per key id).
 */
@Injectable()
export class DeletionNotices {
  private readonly log = new Logger(DeletionNotices.name);
  private readonly prefix: string;

  constructor(
    private readonly api: EbayApi,
    private readonly tokens: EbayTokens,
    @Inject(RedisClient) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.QUEUE_PREFIX}:ebay:notification-key`;
  }

  /** hex(SHA-256(challengeCode + verificationToken + endpoint)), in that order. */
  static challengeResponse(challengeCode: string, verificationToken: string, endpoint: string): string {
    return createHash('sha256').update(challengeCode).update(verificationToken).update(endpoint).digest('hex');
  }

  /** Whether the notice is eBay's: false for a missing, malformed or wrong signature, or an unknown key. */
  async verify(body: unknown, signatureHeader: string | undefined): Promise<boolean> {
    const header = parseHeader(signatureHeader);
    if (!header?.kid || !header.signature) return false;
    const key = await this.publicKey(header.kid);
    if (!key) return false;
    // eBay's own SDK verifies over the JSON of the parsed body; eBay sends compact JSON, so both are the same bytes.
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    const digest = (header.digest ?? 'SHA1').toLowerCase().replace('-', '');
    try {
      return verify(digest, payload, key, Buffer.from(header.signature, 'base64'));
    } catch {
      return false;
    }
  }

  private async publicKey(kid: string): Promise<KeyObject | undefined> {
    const cacheKey = `${this.prefix}:${createHash('sha256').update(kid).digest('hex')}`;
    let pem = await this.redis.get(cacheKey);
    if (!pem) {
      try {
        const { body } = await this.api.send<{ key?: string; algorithm?: string }>(
          { api: 'notification', method: 'GET', path: `/public_key/${encodeURIComponent(kid)}` },
          this.tokens.forApp(),
        );
        if (!body?.key) return undefined;
        pem = body.key;
        await this.redis.set(cacheKey, pem, 'EX', KEY_TTL_SECONDS);
      } catch (error) {
        if (isOutboundFailure(error) && error.kind === 'not-found') return undefined;
        throw error;
      }
    }
    try {
      return createPublicKey(withLineBreaks(pem));
    } catch (error) {
      this.log.warn({ err: error }, 'eBay sent a public key that cannot be read');
      return undefined;
    }
  }
}

function parseHeader(value: string | undefined): SignatureHeader | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as SignatureHeader) : undefined;
  } catch {
    return undefined;
  }
}

/** eBay sends the PEM on one line: the armour lines must be on their own for a PEM reader. */
function withLineBreaks(pem: string): string {
  const match = /-----BEGIN PUBLIC KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PUBLIC KEY-----/.exec(pem);
  if (!match) return pem;
  const body = match[1].replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}
