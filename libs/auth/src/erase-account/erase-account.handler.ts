import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig, Forbidden, NotFound, Outbox, RateLimiter, TenantProvisioner } from '@stoflow/core';
import { UserChanges } from '../access/user-changes';
import { PasswordHasher } from '../passwords/password-hasher';
import { RefreshTokensRepository } from '../tokens/refresh-tokens.repository';
import { AccountErasedEvent } from '../users/account-events';
import { UsersRepository } from '../users/users.repository';
import { EraseAccountCommand } from './erase-account.command';

@CommandHandler(EraseAccountCommand)
export class EraseAccountHandler implements ICommandHandler<EraseAccountCommand, void> {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: RefreshTokensRepository,
    private readonly provisioner: TenantProvisioner,
    private readonly outbox: Outbox,
    private readonly changes: UserChanges,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async execute({ userId, password }: EraseAccountCommand): Promise<void> {
    const user = await this.users.byId(this.users.em(), userId);
    if (!user) throw new NotFound('User', userId);
    // Whoever holds a stolen access token must not be able to guess the password here at argon2's pace.
    await this.limiter.hit(
      'password-check',
      String(userId),
      this.config.PASSWORD_CHECK_LIMIT_PER_USER,
      this.config.PASSWORD_CHECK_LIMIT_WINDOW_SECONDS,
    );
    if (!(await this.hasher.verify(user.password_hash, password))) {
      throw new Forbidden('The password is wrong: the account was not erased');
    }
    // One transaction: a failure anywhere leaves the account whole.
    await this.users.em().transactional(async (em) => {
      await this.users.byId(em, userId, true);
      await this.tokens.deleteAllOf(em, userId);
      await this.provisioner.erase(userId, em);
      await this.users.delete(em, userId);
      await this.outbox.add(em, new AccountErasedEvent(userId));
    });
    await this.changes.announce(userId);
  }
}
