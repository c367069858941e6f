import { backoffDelay, retryAfterMs } from './backoff';

describe('poll back-off', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles its ceiling with each failure, up to the maximum', () => {
    const top = (failures: number) => backoffDelay(failures, policy, () => 0.999999);
    expect([1, 2, 3, 4].map(top)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(top(7)).toBe(60_000);
    expect(top(1_000)).toBe(60_000);
  });

  it('is jittered between half the ceiling and the ceiling, never zero', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(2_000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(3_000);
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(5, policy)));
    expect(seen.size).toBeGreaterThan(10);
    for (const delay of seen) expect(delay).toBeGreaterThanOrEqual(8_000);
  });

  it('waits nothing before the first failure', () => {
    expect(backoffDelay(0, policy)).toBe(0);
  });

  it("reads a server's Retry-After in seconds or as a date", () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});
