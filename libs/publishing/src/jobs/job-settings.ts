import { Injectable } from '@nestjs/common';

/**
 * Tunables of the job runner, the same for every marketplace; read at each use, so tests may change them on a running
 * app.
 */
@Injectable()
export class JobSettings {
  /** A job not finished by then is expired (its tasks withdrawn) rather than left to run days late. */
  jobTtlMs = 24 * 3600_000;
  /** Transient failures (5xx, network, timeout) of one step retried this many times before the job fails. */
  maxStepRetries = 4;
  /** Back-off before retrying a transient failure: base × 2^retry, capped. */
  retryBaseMs = 5_000;
  retryMaxMs = 5 * 60_000;
  /** A 429 without Retry-After holds the account's calls this long (doubled per repeat, capped by retryMaxMs). */
  rateLimitBaseMs = 60_000;
  /** 429s tolerated on one step before the job fails. */
  maxRateLimits = 6;
  /** A live job idle this long is looked at by the sweeper (a lost wake-up, a crash between two steps). */
  idleCheckMs = 60_000;
  /** How often the worker's sweeper runs. */
  sweepEveryMs = 5_000;
  /**
   * A withdrawal is never given up on a transient failure or a 429 (an item left for sale may sell twice): it keeps
   * retrying until it expires, and the seller is alerted once it has not gone through for this long.
   */
  withdrawAlertAfterMs = 10 * 60_000;
}
