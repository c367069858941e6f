import type { AppConfig } from '@stoflow/core';
import type { AuthenticatedUser } from './authenticated-user';
import { UserState, UserStateCache } from './user-state-cache';

const user = (id: number, role: AuthenticatedUser['role'] = 'user'): AuthenticatedUser => ({
  id,
  email: `u${id}@example.com`,
  role,
  tier: 'free',
});

const state = (id: number, role: AuthenticatedUser['role'] = 'user'): UserState => ({
  user: user(id, role),
  sessions: new Set<string>(),
});

function liveCache(ttlMs = 5000): UserStateCache {
  const cache = new UserStateCache({ AUTH_USER_CACHE_MS: ttlMs } as AppConfig);
  cache.setLive(true);
  return cache;
}

describe('UserStateCache', () => {
  it('answers a stored user until its TTL, then not', () => {
    const cache = liveCache(1000);
    cache.store(state(1), cache.mark(), 0);
    expect(cache.get(1, 999)).toEqual(state(1));
    expect(cache.get(1, 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('answers nothing and stores nothing while it is not subscribed to the changes', () => {
    const cache = new UserStateCache({ AUTH_USER_CACHE_MS: 5000 } as AppConfig);
    cache.store(state(1), cache.mark(), 0);
    expect(cache.get(1, 1)).toBeUndefined();
    const live = liveCache();
    live.store(state(2), live.mark(), 0);
    // Losing the subscription forgets everything: changes announced meanwhile would be missed.
    live.setLive(false);
    expect(live.get(2, 1)).toBeUndefined();
    live.setLive(true);
    expect(live.get(2, 1)).toBeUndefined();
  });

  it('forgets a user whose change was announced', () => {
    const cache = liveCache();
    cache.store(state(1), cache.mark(), 0);
    cache.store(state(2), cache.mark(), 0);
    cache.forget(1);
    expect(cache.get(1, 1)).toBeUndefined();
    expect(cache.get(2, 1)).toEqual(state(2));
  });

  it('does not store a read that started before an announced change (it may hold the old state)', () => {
    const cache = liveCache();
    const mark = cache.mark();
    cache.forget(1); // the change lands while the row is being read
    cache.store(state(1, 'admin'), mark, 0);
    expect(cache.get(1, 1)).toBeUndefined();
    cache.store(state(1, 'admin'), cache.mark(), 0);
    expect(cache.get(1, 1)?.user.role).toBe('admin');
  });

  it('with a TTL of 0 never keeps anything', () => {
    const cache = liveCache(0);
    cache.store(state(1), cache.mark(), 0);
    expect(cache.get(1, 0)).toBeUndefined();
  });

  it('counts hits and misses', () => {
    const cache = liveCache();
    cache.get(1, 0);
    cache.store(state(1), cache.mark(), 0);
    cache.get(1, 1);
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
  });
});
