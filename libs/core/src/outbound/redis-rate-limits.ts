import type Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** How many calls one account may make to one API, e.g. eBay's 5 000 a day or Etsy's 10 per second. */
export interface RateLimitRule {
  requests: number;
  /** Whole seconds (the limiter's window has a resolution of one second). */
  perSeconds: number;
}

/** Outcome of waiting for a token: taken (after `waitedMs`), or refused with the time until the next one. */
export type TokenOutcome = { taken: true; waitedMs: number } | { taken: false; retryAfterMs: number };

/**
 * Per-(API, account) request budgets kept in Redis, so every worker process draws from the same budget.
 * rate-limiter-flexible counts requests in a window of `perSeconds` with one atomic Redis script per call; a
 * caller over budget waits for the window to end. If Redis fails, an in-process limiter with the same rule
 * takes over (its insurance limiter), so calls stay paced rather than stop.
 */
export class RedisRateLimits {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Takes one token from the bucket, waiting up to `maxWaitMs` for one. */
  async take(
    api: string,
    account: string,
    rule: RateLimitRule,
    maxWaitMs: number,
    signal?: AbortSignal,
  ): Promise<TokenOutcome> {
    const limiter = this.limiter(api, rule);
    const started = Date.now();
    for (let waited = false; ; waited = true) {
      const wait = await limiter.consume(account).then(
        () => 0,
        (refused: unknown) => {
          if (refused instanceof RateLimiterRes) return Math.max(1, refused.msBeforeNext);
          throw refused;
        },
      );
      // Redis round trips are not waiting: a token taken at the first try reports 0.
      const waitedMs = waited ? Date.now() - started : 0;
      if (wait === 0) return { taken: true, waitedMs };
      if (waitedMs + wait > maxWaitMs) return { taken: false, retryAfterMs: wait };
      // A little jitter, so the processes that waited for the same window do not all knock at its first millisecond.
      await sleep(wait + Math.floor(Math.random() * 25), undefined, { signal });
    }
  }

  private limiter(api: string, rule: RateLimitRule): RateLimiterRedis {
    const id = `${api}|${rule.requests}|${rule.perSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const options = { points: rule.requests, duration: rule.perSeconds };
      limiter = new RateLimiterRedis({
        ...options,
        storeClient: this.redis,
        // The rule is part of the key: two rules for one API never share (and corrupt) one counter.
        keyPrefix: `${this.keyPrefix}:${api}:${rule.requests}per${rule.perSeconds}s`,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
