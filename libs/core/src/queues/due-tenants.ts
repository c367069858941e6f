import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisClient } from '../redis/redis.module';

const RELEASE_IF_UNCHANGED = `if redis.call('zscore', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('zrem', KEYS[1], ARGV[1]) end return 0`;

/**
 * Which tenants have something for a sweeper to watch, and when the earliest falls due: a Redis sorted set
 * (member = tenant id, score = epoch ms) under the queue prefix, so a sweeper visits only those tenants instead of
 * every schema. Writers only ever lower a score (ZADD LT); the sweeper holds a tenant (score pushed ahead) while it
 * works, then puts back the next due time read from the rows, so an update made meanwhile is never lost.
 * Each watcher names its own set.
 */
@Injectable() // emits the constructor's parameter types, which subclasses without a constructor inherit
export abstract class DueTenants implements BeforeApplicationShutdown {
  private readonly log = new Logger(DueTenants.name);
  /** Marks waiting for the next batch: tenant → earliest due time (epoch ms). */
  private readonly batch = new Map<number, number>();
  private batchTimer: NodeJS.Timeout | undefined;

  protected abstract readonly name: string;
  /** How long `markSoon` gathers marks before writing them together (read at each batch). */
  protected get batchMs(): number {
    return 25;
  }

  constructor(
    protected readonly redis: RedisClient,
    protected readonly config: AppConfig,
  ) {}

  private get key(): string {
    return `${this.config.QUEUE_PREFIX}:${this.name}`;
  }

  async mark(tenantId: number, at: Date): Promise<void> {
    await this.redis.zadd(this.key, 'LT', at.getTime(), String(tenantId));
  }

  /** Marks many tenants in one write (a rebuild from the rows at start). */
  async markAll(marks: { tenantId: number; at: Date }[]): Promise<void> {
    if (marks.length === 0) return;
    await this.redis.zadd(this.key, 'LT', ...marks.flatMap((m) => [m.at.getTime(), String(m.tenantId)]));
  }

  /**
   * `mark` for a caller that need not wait for the write: the marks made within `batchMs` go to Redis together, in
   * one ZADD LT. A batch that arrives after the sweeper released the tenant adds it back (LT does not stop an
   * insert), so late is never lost. A crash before the write loses the batch, like a crash between a commit and
   * its mark: the rows are read again at the next start and by the idle checks.
   */
  markSoon(tenantId: number, at: Date): void {
    const earliest = this.batch.get(tenantId);
    if (earliest === undefined || at.getTime() < earliest) this.batch.set(tenantId, at.getTime());
    this.batchTimer ??= setTimeout(() => void this.writeBatch(), this.batchMs).unref();
  }

  private async writeBatch(): Promise<void> {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.batch.size === 0) return;
    const args = [...this.batch].flatMap(([tenantId, at]) => [at, String(tenantId)]);
    this.batch.clear();
    await this.redis.zadd(this.key, 'LT', ...args).catch((error: unknown) => {
      this.log.warn({ err: error, tenants: args.length / 2, set: this.name }, 'Could not mark tenants for the sweeper');
    });
  }

  /** Before Redis closes: the marks still gathered are written. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.writeBatch();
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
