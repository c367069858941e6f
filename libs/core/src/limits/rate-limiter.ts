import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { RateLimited } from '../errors/domain-error';
import { RedisClient } from '../redis/redis.module';

// One round trip, atomic: concurrent requests cannot all read "under the limit" and pass together.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then return redis.call('PTTL', KEYS[1]) end
return -1`;

/**
 * Fixed-window counters in Redis, so a limit holds across API processes. Keys are namespaced per deployment
 * and hashed, so no email or IP is stored in Redis.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  /** Counts one attempt of `bucket` for `subject`; over `limit` within the window throws RateLimited. */
  async hit(bucket: string, subject: string, limit: number, windowSeconds: number): Promise<void> {
    const waitMs = (await this.redis.eval(HIT, 1, this.key(bucket, subject), limit, windowSeconds * 1000)) as number;
    if (waitMs >= 0) throw new RateLimited(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  key(bucket: string, subject: string): string {
    return `${this.config.QUEUE_PREFIX}:limit:${bucket}:${createHash('sha256').update(subject).digest('hex')}`;
  }
}
