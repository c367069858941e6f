/** What the popup asks the background, and what it answers. */
import type { LoopState, VintedSeen } from './storage';

export type PopupRequest =
  { type: 'status' } | { type: 'pair'; server: string; code: string; name: string } | { type: 'unpair' };

export interface Status {
  version: string;
  defaultServer: string;
  paired: { server: string; deviceName: string; userId: number | null; pairedAt: number } | null;
  unpairedReason: string | null;
  vinted: VintedSeen | null;
  loop: LoopState;
}

export type PairAnswer = { ok: true } | { ok: false; message: string };
