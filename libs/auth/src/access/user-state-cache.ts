import { Injectable } from '@nestjs/common';
import { AppConfig } from '@stoflow/core';
import { performance } from 'node:perf_hooks';
import type { AuthenticatedUser } from './authenticated-user';

/** A bound on memory: beyond it the oldest entries go first (an API process rarely serves that many users). */
const MAX_ENTRIES = 10_000;

/** What the guard checks: the user, and the sessions (refresh families) whose access tokens still count. */
export interface UserState {
  user: AuthenticatedUser;
  sessions: ReadonlySet<string>;
}

interface Entry {
  state: UserState;
  expiresAt: number;
}

/**
 * What this process last read about authenticated users (they exist, are not disabled, their role and tier),
 * so the access guard does not query `public.users` on every request.
 *
 * It only answers while `live`, i.e. while this process is subscribed to the user-change broadcast
 * (UserChanges): without it a change made elsewhere could go unnoticed, so the guard reads the database. Going
 * live or losing the subscription empties it. `forget` (a change was announced) also bumps a generation: a read
 * that started before the change and finishes after it is not stored, so it cannot bring the old state back.
 */
@Injectable()
export class UserStateCache {
  private readonly entries = new Map<number, Entry>();
  private generation = 0;
  private live = false;
  readonly ttlMs: number;
  /** Counters for tests and diagnostics. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(config: AppConfig) {
    this.ttlMs = config.AUTH_USER_CACHE_MS;
  }

  get isLive(): boolean {
    return this.live;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached state of `userId`, if fresh. */
  get(userId: number, now = performance.now()): UserState | undefined {
    const entry = this.live ? this.entries.get(userId) : undefined;
    if (entry && entry.expiresAt > now) {
      this.stats.hits++;
      return entry.state;
    }
    if (entry) this.entries.delete(userId);
    this.stats.misses++;
    return undefined;
  }

  /** Taken before reading a user; hand it back to `store`. */
  mark(): number {
    return this.generation;
  }

  /** Keeps `state` unless the cache is off, or something was forgotten since `mark` was taken. */
  store(state: UserState, mark: number, now = performance.now()): void {
    const { user } = state;
    if (!this.live || this.ttlMs === 0 || mark !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(user.id)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.delete(user.id); // re-inserted last: eviction goes by age of the entry
    this.entries.set(user.id, { state, expiresAt: now + this.ttlMs });
  }

  /** A change to this user was announced: the next request reads the database. */
  forget(userId: number): void {
    this.generation++;
    this.entries.delete(userId);
  }

  /** Subscribed (true) or not (false) to the change broadcast; either way, start again from empty. */
  setLive(live: boolean): void {
    this.generation++;
    this.entries.clear();
    this.live = live;
  }
}
