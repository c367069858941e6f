import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, RedisClient } from '@stoflow/core';
import type Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';

const TTL_SECONDS = 600;
/** A used state is remembered a while longer, so a second use is told apart from a forged one. */
const USED_TTL_SECONDS = 3600;

export interface ConsentRequest {
  userId: number;
  marketplaceId: string;
}

export type StateLookup = { found: ConsentRequest } | { refused: 'used' | 'unknown' };

/**
 * The `state` of a consent: 256 random bits, kept server-side (only its hash, in Redis) for 10 minutes with the
 * user and the marketplace that asked, and taken once. Whoever holds a state cannot learn anything from it, and a
 * state that StoFlow did not make, made for someone else, or already used, connects nobody.
 */
@Injectable()
export class OAuthStates {
  private readonly prefix: string;

  constructor(
    @Inject(RedisClient) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.QUEUE_PREFIX}:ebay:consent`;
  }

  async issue(request: ConsentRequest): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    await this.redis.set(this.key(state), JSON.stringify(request), 'EX', TTL_SECONDS);
    return state;
  }

  async take(state: string): Promise<StateLookup> {
    const key = this.key(state);
    const [[, value]] = (await this.redis.multi().getdel(key).exec()) as [[Error | null, string | null]];
    if (value) {
      await this.redis.set(`${key}:used`, '1', 'EX', USED_TTL_SECONDS);
      return { found: JSON.parse(value) as ConsentRequest };
    }
    return { refused: (await this.redis.exists(`${key}:used`)) ? 'used' : 'unknown' };
  }

  private key(state: string): string {
    return `${this.prefix}:${createHash('sha256').update(state).digest('hex')}`;
  }
}
