import { LRUCache } from 'lru-cache';

/**
 * Tokens whose signature was already verified, kept under their exact text until their own `exp`, so the next
 * requests with the same token skip the signature check. Only what a verification produced goes in; whatever
 * else a request must check (revocation, the user's state) is still checked by its caller every time. Bounded:
 * the least recently used go first.
 */
export class VerifiedTokens<T extends object> {
  private readonly cache: LRUCache<string, T>;

  constructor(max = 10_000) {
    this.cache = new LRUCache<string, T>({ max });
  }

  get(token: string): T | undefined {
    return this.cache.get(token);
  }

  /** Keeps `value` for `token` until `exp` (seconds since the epoch, the JWT claim); an expired one is not kept. */
  remember(token: string, value: T, exp: number | undefined): void {
    const ttl = typeof exp === 'number' ? exp * 1000 - Date.now() : 0;
    if (ttl > 0) this.cache.set(token, value, { ttl });
  }
}
