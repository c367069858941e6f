import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SessionIssuer } from '../tokens/session-issuer';
import { AccountCreator } from '../users/account-creator';
import { toUserView } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { RegisterCommand, RegisterResult } from './register.command';

/** User, tenant, default tier and first session in one transaction: when it commits, the tenant works. */
@CommandHandler(RegisterCommand)
export class RegisterHandler implements ICommandHandler<RegisterCommand, RegisterResult> {
  constructor(
    private readonly accounts: AccountCreator,
    private readonly sessions: SessionIssuer,
    private readonly users: UsersRepository,
  ) {}

  async execute({ email, password }: RegisterCommand): Promise<RegisterResult> {
    const hash = await this.accounts.hash(password);
    return this.users.em().transactional(async (em) => {
      const row = await this.accounts.create(em, email, hash);
      const { disabled: _disabled, ...user } = toUserView(row);
      const session = await this.sessions.issue(em, user.id, user.role);
      return { user, ...session };
    });
  }
}
