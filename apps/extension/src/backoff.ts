/**
 * Back-off after a failed poll (network error, 5xx, 429): exponential with full jitter, so that the extensions of
 * many users that lost the server at the same moment do not come back in step and knock it over again.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const POLL_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/** The wait before retry number `failures` (1 after the first failure); `random` in [0, 1). */
export function backoffDelay(failures: number, policy: BackoffPolicy = POLL_BACKOFF, random = Math.random): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  // Half fixed, half random: never zero (a tight loop against a dead server), never all in step.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A server's Retry-After (seconds or an HTTP date) in ms, when it names a wait longer than our own. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
