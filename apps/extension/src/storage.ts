/**
 * Everything the background knows lives in extension storage: the browser stops an idle service worker (Chromium
 * after 30 s) or event page at any time, and whatever was only in memory is gone when the next alarm wakes it.
 * Extension storage is out of every page's reach, which is where the plugin token must be.
 */
import type { TaskResult } from './task';

export interface Pairing {
  server: string;
  token: string;
  deviceName: string;
  /** The StoFlow user id the token acts for (its `sub`). */
  userId: number | null;
  pairedAt: number;
}

export interface VintedSeen {
  tabId: number | null;
  origin: string | null;
  loggedIn: boolean;
  userId: number | null;
  login: string | null;
  checkedAt: number;
}

export interface LoopState {
  failures: number;
  /** No poll before this time (ms): the back-off, kept across restarts of the worker. */
  notBefore: number;
  lastPollAt: number | null;
  lastStatus: string | null;
}

export interface PendingResult {
  server: string;
  taskId: string;
  result: TaskResult;
  /** After this the task's lease has passed: the backend no longer takes the result, and reconciles instead. */
  until: number;
}

interface Schema {
  pairing: Pairing | null;
  unpairedReason: string | null;
  vinted: VintedSeen | null;
  loop: LoopState;
  pendingResults: PendingResult[];
  heartbeat: { at: number; sent: string } | null;
}

const DEFAULTS: Schema = {
  pairing: null,
  unpairedReason: null,
  vinted: null,
  loop: { failures: 0, notBefore: 0, lastPollAt: null, lastStatus: null },
  pendingResults: [],
  heartbeat: null,
};

export async function load<K extends keyof Schema>(key: K): Promise<Schema[K]> {
  const stored = (await chrome.storage.local.get(key)) as Partial<Schema>;
  return (stored[key] ?? DEFAULTS[key]) as Schema[K];
}

export async function save<K extends keyof Schema>(key: K, value: Schema[K]): Promise<void> {
  await chrome.storage.local.set({ [key]: value });
}

export async function update<K extends keyof Schema>(key: K, change: (value: Schema[K]) => Schema[K]): Promise<void> {
  await save(key, change(await load(key)));
}

/** Forgets the pairing and everything that came with it; `reason` is shown by the popup. */
export async function unpair(reason: string | null): Promise<void> {
  await chrome.storage.local.set({ ...DEFAULTS, unpairedReason: reason });
}
