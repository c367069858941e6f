import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Unauthenticated } from '@stoflow/core';
import { PasswordHasher } from '../passwords/password-hasher';
import { Session, SessionIssuer } from '../tokens/session-issuer';
import { normaliseEmail } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { LoginLimits } from './login-limits';
import { LoginCommand } from './login.command';

/** One answer for unknown email, wrong password and disabled account, each after one full argon2 verify. */
export const BAD_CREDENTIALS = 'The email or the password is wrong';

@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand, Session> {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly limits: LoginLimits,
  ) {}

  async execute({ email, password, ip }: LoginCommand): Promise<Session> {
    const em = this.users.em();
    const normalised = normaliseEmail(email);
    const attempt = await this.limits.admit(normalised, ip);
    const user = await this.users.byEmail(em, normalised);
    const ok = await this.hasher.verify(user?.password_hash, password);
    if (!user || !ok || user.disabled_at !== null) {
      await this.limits.failed(attempt);
      throw new Unauthenticated(BAD_CREDENTIALS);
    }
    await this.limits.succeeded(attempt);
    return em.transactional((tem) => this.sessions.issue(tem, Number(user.id), user.role));
  }
}
