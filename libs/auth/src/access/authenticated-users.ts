import { Injectable } from '@nestjs/common';
import { RefreshTokensRepository } from '../tokens/refresh-tokens.repository';
import { UsersRepository } from '../users/users.repository';
import { AuthenticatedUser } from './authenticated-user';
import { UserChanges } from './user-changes';
import { UserStateCache } from './user-state-cache';

/**
 * The caller behind a valid access token, as the guard needs it on every request: from this process's cache
 * when it is fresh and trusted, else from `public.users`. Undefined when the account is gone or disabled, or
 * when the token's session was revoked (logout, a reused refresh token, a disable or a password reset).
 */
@Injectable()
export class AuthenticatedUsers {
  constructor(
    private readonly users: UsersRepository,
    private readonly cache: UserStateCache,
    private readonly changes: UserChanges,
    private readonly tokens: RefreshTokensRepository,
  ) {}

  async load(userId: number, sessionId: string): Promise<AuthenticatedUser | undefined> {
    const cached = this.cache.get(userId);
    // A session the cache does not know may be newer than the entry (a login since): read again. Revocations
    // are announced (UserChanges), so a known session is still live.
    if (cached?.sessions.has(sessionId)) return cached.user;
    void this.changes.listen();
    const mark = this.cache.mark();
    const em = this.users.em();
    const [row, sessions] = await Promise.all([this.users.byId(em, userId), this.tokens.liveSessionsOf(em, userId)]);
    if (!row || row.disabled_at !== null) return undefined;
    const user: AuthenticatedUser = Object.freeze({
      id: Number(row.id),
      email: row.email,
      role: row.role,
      tier: row.tier,
    });
    const live = new Set(sessions);
    this.cache.store({ user, sessions: live }, mark);
    return live.has(sessionId) ? user : undefined;
  }
}
