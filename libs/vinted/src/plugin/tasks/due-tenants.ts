import { Injectable } from '@nestjs/common';
import { AppConfig, RedisClient } from '@stoflow/core';

const RELEASE_IF_UNCHANGED = `if redis.call('zscore', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('zrem', KEYS[1], ARGV[1]) end return 0`;

/**
 * Which tenants have a task deadline or lease to watch, and when the earliest falls due: a Redis sorted set
 * (member = tenant id, score = epoch ms), so the sweeper visits only those tenants instead of every schema.
 * Writers only ever lower a score (ZADD LT); the sweeper holds a tenant (score pushed ahead) while it works,
 * then puts back the next due time read from the rows, so an update made meanwhile is never lost.
 */
@Injectable()
export class DueTenants {
  constructor(
    protected readonly redis: RedisClient,
    protected readonly config: AppConfig,
  ) {}

  /** The sorted set's name under the queue prefix; another watcher (the jobs' sweeper) keeps its own. */
  protected readonly name: string = 'plugin:due';

  private get key(): string {
    return `${this.config.QUEUE_PREFIX}:${this.name}`;
  }

  async mark(tenantId: number, at: Date): Promise<void> {
    await this.redis.zadd(this.key, 'LT', at.getTime(), String(tenantId));
  }

  async due(now: number, limit: number): Promise<number[]> {
    const ids = await this.redis.zrangebyscore(this.key, '-inf', now, 'LIMIT', 0, limit);
    return ids.map(Number);
  }

  /** Pushes the tenant's visit to `until` (a crashed sweep is retried then); answers the score it set. */
  async hold(tenantId: number, until: number): Promise<number> {
    await this.redis.zadd(this.key, 'XX', until, String(tenantId));
    return until;
  }

  async release(tenantId: number, held: number): Promise<void> {
    await this.redis.eval(RELEASE_IF_UNCHANGED, 1, this.key, String(tenantId), String(held));
  }

  async forget(tenantId: number): Promise<void> {
    await this.redis.zrem(this.key, String(tenantId));
  }

  async score(tenantId: number): Promise<number | undefined> {
    const s = await this.redis.zscore(this.key, String(tenantId));
    return s === null ? undefined : Number(s);
  }
}
