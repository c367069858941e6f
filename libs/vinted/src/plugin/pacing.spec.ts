import { callKind, earliestStart, PacingSettings, PacingState, PRODUCTION_PACING, scaledPacing } from './pacing';

const pacing: PacingSettings = {
  gapMs: { read: [100, 200], write: [300, 500], delete: [600, 1000] },
  pauseEvery: [10, 15],
  pauseMs: [2000, 3000],
  maxSlowdown: 4,
};

const state = (over: Partial<PacingState> = {}): PacingState => ({
  lastCallAt: 10_000,
  gapDraw: 0.5,
  callsUntilPause: 5,
  pauseDraw: 0.5,
  slowdown: 1,
  backoffUntil: null,
  ...over,
});

describe('pacing', () => {
  it('tells a delete by its URL, a read by its verb', () => {
    expect(callKind('GET', '/api/v2/users/current')).toBe('read');
    expect(callKind('POST', '/api/v2/photos')).toBe('write');
    expect(callKind('PUT', '/api/v2/item_upload/items/12')).toBe('write');
    expect(callKind('POST', '/api/v2/items/12/delete')).toBe('delete');
    expect(callKind('DELETE', '/api/v2/anything')).toBe('delete');
  });

  it.each([
    ['read', 0, 10_100],
    ['read', 0.5, 10_150],
    ['write', 0.999, 10_499.8],
    ['delete', 0, 10_600],
  ] as const)('a %s call with draw %d waits until %d', (kind, gapDraw, at) => {
    expect(earliestStart(pacing, state({ gapDraw }), kind)).toBeCloseTo(at, 5);
  });

  it('adds the long pause when it is due, and stretches gaps after 429s', () => {
    expect(earliestStart(pacing, state({ callsUntilPause: 0, gapDraw: 0, pauseDraw: 0 }), 'read')).toBe(12_100);
    expect(earliestStart(pacing, state({ gapDraw: 0, slowdown: 2 }), 'write')).toBe(10_600);
  });

  it('never hands a call out before a 429 back-off ends, pacing or not', () => {
    expect(earliestStart(pacing, state({ backoffUntil: 50_000 }), 'read')).toBe(50_000);
    expect(earliestStart(null, state({ backoffUntil: 50_000 }), 'read')).toBe(50_000);
    expect(earliestStart(null, state(), 'read')).toBe(0);
  });

  it('lets the first call of an account go at once, and owes no pause before the interval is drawn', () => {
    expect(earliestStart(pacing, state({ lastCallAt: null }), 'write')).toBe(0);
    expect(earliestStart(pacing, state({ callsUntilPause: null, gapDraw: 0 }), 'read')).toBe(10_100);
  });

  it('scales the production gaps by a percentage; 0 turns pacing off', () => {
    expect(scaledPacing(0)).toBeNull();
    expect(scaledPacing(100)).toEqual(PRODUCTION_PACING);
    expect(scaledPacing(10)!.gapMs.read).toEqual([300, 800]);
    expect(scaledPacing(10)!.pauseMs).toEqual([1_500, 3_000]);
  });
});
