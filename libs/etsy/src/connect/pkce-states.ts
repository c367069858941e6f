import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, RedisClient } from '@stoflow/core';
import type Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';

const TTL_SECONDS = 600;
const USED_TTL_SECONDS = 3600;

export interface PkceConsent {
  userId: number;
  /** Kept server-side only: Etsy sees its S256 challenge, and gets it back only with the code. */
  verifier: string;
}

/**
 * The `state` of an Etsy consent and its PKCE verifier: 256 random bits each, the state's hash kept in Redis for
 * 10 minutes with the user and the verifier, taken once.
 */
@Injectable()
export class PkceStates {
  private readonly prefix: string;

  constructor(
    @Inject(RedisClient) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.QUEUE_PREFIX}:etsy:consent`;
  }

  async issue(userId: number): Promise<{ state: string; challenge: string }> {
    const state = randomBytes(32).toString('base64url');
    const verifier = randomBytes(48).toString('base64url');
    await this.redis.set(this.key(state), JSON.stringify({ userId, verifier }), 'EX', TTL_SECONDS);
    return { state, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }

  async take(state: string): Promise<{ found: PkceConsent } | { refused: 'used' | 'unknown' }> {
    const key = this.key(state);
    const value = await this.redis.getdel(key);
    if (value) {
      await this.redis.set(`${key}:used`, '1', 'EX', USED_TTL_SECONDS);
      return { found: JSON.parse(value) as PkceConsent };
    }
    return { refused: (await this.redis.exists(`${key}:used`)) ? 'used' : 'unknown' };
  }

  private key(state: string): string {
    return `${this.prefix}:${createHash('sha256').update(state).digest('hex')}`;
  }
}
