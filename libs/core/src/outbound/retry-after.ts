/**
 * Milliseconds a `Retry-After` header asks to wait: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable, so the caller falls back to its own back-off.
 */
export function retryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  // A date in the past means "now"; digits with a sign or a fraction are not delay-seconds, and not a date either.
  return Number.isNaN(at) || /^[-+.\d]+$/.test(value) ? undefined : Math.max(0, at - now);
}
