import { Injectable } from '@nestjs/common';
import { UsersRepository } from '../users/users.repository';
import { AuthenticatedUser } from './authenticated-user';
import { UserChanges } from './user-changes';
import { UserStateCache } from './user-state-cache';

/**
 * The caller behind a valid access token, as the guard needs it on every request: from this process's cache
 * when it is fresh and trusted, else from `public.users`. Undefined when the account is gone or disabled.
 */
@Injectable()
export class AuthenticatedUsers {
  constructor(
    private readonly users: UsersRepository,
    private readonly cache: UserStateCache,
    private readonly changes: UserChanges,
  ) {}

  async load(userId: number): Promise<AuthenticatedUser | undefined> {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    void this.changes.listen();
    const mark = this.cache.mark();
    const row = await this.users.byId(this.users.em(), userId);
    if (!row || row.disabled_at !== null) return undefined;
    const user: AuthenticatedUser = Object.freeze({
      id: Number(row.id),
      email: row.email,
      role: row.role,
      tier: row.tier,
    });
    this.cache.store(user, mark);
    return user;
  }
}
