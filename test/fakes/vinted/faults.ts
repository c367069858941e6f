import { PATHS } from './vinted-contract';

/** The failures of VINTED.md's table that a test can inject, per account. */
export const FAULT_KINDS = [
  'session-expired',
  'csrf',
  'captcha',
  'html',
  'cloudflare',
  'rate-limit',
  'server-error',
  'slow',
  'drop',
  'lost-create',
  // Not in VINTED.md's table but seen in the wild: a wardrobe page answered 200 with fewer items than it should.
  'short-page',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultWhen {
  /** Only calls with this method (any case). */
  method?: string;
  /** Only calls whose path (with its query) matches: a RegExp, or a string the path starts with. */
  path?: RegExp | string;
  /** Fire on the nth matching call from now (1-based; default 1), then on the `times - 1` matching calls after it. */
  nth?: number;
}

export interface FaultOptions {
  /** How many matching calls fail (default 1; `Infinity` until `clearFaults`). */
  times?: number;
  when?: FaultWhen;
  /** `rate-limit`: the `Retry-After` header in seconds (default 30); null sends none. */
  retryAfterSeconds?: number | null;
  /** `server-error`: the status (default 500). */
  status?: 500 | 502 | 503;
  /** `server-error` (default json) and `captcha` (default html: the page a browser gets; json: DataDome's XHR answer). */
  as?: 'json' | 'html';
  /** `slow`: how long the answer is held back (default 2000 ms). */
  delayMs?: number;
}

/** One injected fault, as the fake applies it. */
export interface Fault {
  kind: FaultKind;
  retryAfterSeconds: number | null;
  status: 500 | 502 | 503;
  as: 'json' | 'html' | undefined;
  delayMs: number;
}

interface Pending extends Fault {
  method?: string;
  path?: RegExp | string;
  /** Matching calls still to let through before the fault fires. */
  skip: number;
  remaining: number;
}

/**
 * The faults waiting for each account, in injection order. Every matching call counts towards each fault's `nth`;
 * on a given call, the first fault that is due fires (and uses one of its `times`), so faults injected one after
 * the other hit successive calls.
 */
export class FaultBook {
  private readonly byUser = new Map<number, Pending[]>();

  add(userId: number, kind: FaultKind, options: FaultOptions = {}): void {
    if (!FAULT_KINDS.includes(kind)) throw new RangeError(`Unknown fault: ${String(kind)}`);
    const times = options.times ?? 1;
    const nth = options.when?.nth ?? 1;
    if (!(times >= 1) || (times !== Infinity && !Number.isInteger(times))) throw new RangeError(`Bad times: ${times}`);
    if (!Number.isInteger(nth) || nth < 1) throw new RangeError(`Bad nth: ${nth}`);
    // A lost create is about creates, unless the test says otherwise.
    const lostCreate = kind === 'lost-create';
    const pending: Pending = {
      kind,
      method: (options.when?.method ?? (lostCreate ? 'POST' : undefined))?.toUpperCase(),
      path: options.when?.path ?? (lostCreate ? PATHS.items : undefined),
      skip: nth - 1,
      remaining: times,
      retryAfterSeconds: options.retryAfterSeconds === undefined ? 30 : options.retryAfterSeconds,
      status: options.status ?? 500,
      as: options.as,
      delayMs: options.delayMs ?? 2000,
    };
    const list = this.byUser.get(userId) ?? [];
    list.push(pending);
    this.byUser.set(userId, list);
  }

  /** Counts one call of the account and returns the fault it must suffer, if any. */
  take(userId: number, method: string, path: string): Fault | undefined {
    const list = this.byUser.get(userId);
    if (!list) return undefined;
    let fired: Pending | undefined;
    for (const pending of list) {
      if (!matches(pending, method, path)) continue;
      if (pending.skip > 0) pending.skip -= 1;
      else if (!fired) fired = pending;
    }
    if (!fired) return undefined;
    fired.remaining -= 1;
    if (fired.remaining <= 0) list.splice(list.indexOf(fired), 1);
    const { kind, retryAfterSeconds, status, as, delayMs } = fired;
    return { kind, retryAfterSeconds, status, as, delayMs };
  }

  /** How many faults are still waiting for the account (0 once every one has fired `times` times). */
  pending(userId: number): number {
    return this.byUser.get(userId)?.length ?? 0;
  }

  clear(userId?: number): void {
    if (userId === undefined) this.byUser.clear();
    else this.byUser.delete(userId);
  }
}

function matches(pending: Pending, method: string, path: string): boolean {
  if (pending.method && pending.method !== method.toUpperCase()) return false;
  if (pending.path === undefined) return true;
  if (typeof pending.path === 'string') return path.startsWith(pending.path);
  pending.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests
  return pending.path.test(path);
}
