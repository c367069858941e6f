/**
 * Tuning of OutboundHttp. The defaults suit marketplace APIs; tests build their own with short delays. Provided by
 * CoreModule with the Redis key prefix derived from QUEUE_PREFIX, so deployments sharing one Redis stay apart.
 */
export class OutboundHttpSettings {
  /** Default time for one attempt (connect, headers and body); a call may set its own. */
  readonly timeoutMs: number = 15_000;
  /** Retries after the first attempt, for calls that may be retried. */
  readonly maxRetries: number = 3;
  /** First back-off delay; later ones grow exponentially, with jitter, up to maxDelayMs. */
  readonly baseDelayMs: number = 250;
  readonly maxDelayMs: number = 10_000;
  /**
   * Longest `Retry-After` waited in process. A longer one fails at once with OutboundRateLimited carrying it, so a
   * queue can reschedule the job instead of holding a worker.
   */
  readonly maxRetryAfterMs: number = 30_000;
  /** Longest wait for a token of the account's bucket before failing with OutboundRateLimited. */
  readonly maxRateLimitWaitMs: number = 30_000;
  /** Prefix of the token-bucket keys in Redis. */
  readonly redisKeyPrefix: string = 'stoflow:outbound';

  constructor(overrides: Partial<OutboundHttpSettings> = {}) {
    Object.assign(this, overrides);
  }
}
