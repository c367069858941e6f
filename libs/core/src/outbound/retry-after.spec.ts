import { retryAfterMs } from './retry-after';

describe('retryAfterMs', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
    expect(retryAfterMs(['3', '9'], now)).toBe(3000);
  });

  it('reads an HTTP date, and a past date as no wait', () => {
    expect(retryAfterMs('Sat, 01 Mar 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sat, 01 Mar 2025 11:59:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1.5'])('gives undefined for %j', (header) => {
    expect(retryAfterMs(header, now)).toBeUndefined();
  });
});
