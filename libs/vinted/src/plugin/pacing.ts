import type { HttpMethod } from './tasks/plugin-task';

export type Range = readonly [min: number, max: number];

/** Gaps before each kind of call and the longer pause every few calls (VINTED.md, pacing). */
export interface PacingSettings {
  gapMs: Record<CallKind, Range>;
  /** After this many calls (a draw in the range), an extra pause. */
  pauseEvery: Range;
  pauseMs: Range;
  /** The factor a run of 429s may stretch the gaps to. */
  maxSlowdown: number;
}

export type CallKind = 'read' | 'write' | 'delete';

/** The defaults an earlier production system arrived at after DataDome blocks. */
export const PRODUCTION_PACING: PacingSettings = {
  gapMs: { read: [3_000, 8_000], write: [5_000, 12_000], delete: [6_000, 15_000] },
  pauseEvery: [10, 15],
  pauseMs: [15_000, 30_000],
  maxSlowdown: 4,
};

export function scaledPacing(percent: number): PacingSettings | null {
  if (percent === 0) return null;
  const scale = (r: Range): Range => [Math.round((r[0] * percent) / 100), Math.round((r[1] * percent) / 100)];
  const { gapMs, pauseEvery, pauseMs, maxSlowdown } = PRODUCTION_PACING;
  return {
    gapMs: { read: scale(gapMs.read), write: scale(gapMs.write), delete: scale(gapMs.delete) },
    pauseEvery,
    pauseMs: scale(pauseMs),
    maxSlowdown,
  };
}

/** Vinted deletes an item with `POST /items/{id}/delete`: the URL, not the verb, says it is a delete. */
export function callKind(method: HttpMethod, url: string): CallKind {
  if (method === 'DELETE' || /\/delete(\?|$)/.test(url)) return 'delete';
  return method === 'GET' ? 'read' : 'write';
}

export interface PacingState {
  lastCallAt: number | null;
  gapDraw: number;
  /** Null before the account's first call (no pause is due then). */
  callsUntilPause: number | null;
  pauseDraw: number;
  slowdown: number;
  backoffUntil: number | null;
}

const within = (range: Range, draw: number): number => range[0] + draw * (range[1] - range[0]);

/**
 * The earliest time (epoch ms) a call of this kind may start: the last call's end plus the drawn gap (stretched
 * by the 429 slowdown), plus the long pause when it is due, and never before a 429 back-off ends.
 */
export function earliestStart(pacing: PacingSettings | null, state: PacingState, kind: CallKind): number {
  const backoff = state.backoffUntil ?? 0;
  if (!pacing || state.lastCallAt === null) return backoff;
  let gap = within(pacing.gapMs[kind], state.gapDraw) * state.slowdown;
  if (state.callsUntilPause !== null && state.callsUntilPause <= 0) gap += within(pacing.pauseMs, state.pauseDraw);
  return Math.max(backoff, state.lastCallAt + gap);
}
