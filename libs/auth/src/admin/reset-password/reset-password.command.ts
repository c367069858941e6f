import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UserChanges } from '../../access/user-changes';
import { PasswordHasher } from '../../passwords/password-hasher';
import { RefreshTokensRepository } from '../../tokens/refresh-tokens.repository';
import { toUserView, UserView } from '../../users/user';
import { UsersRepository } from '../../users/users.repository';

/** Sets a new password and revokes every refresh token of the account. */
export class ResetPasswordCommand extends Command<UserView> {
  constructor(
    readonly user: string,
    readonly password: string,
  ) {
    super();
  }
}

@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler implements ICommandHandler<ResetPasswordCommand, UserView> {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: RefreshTokensRepository,
    private readonly changes: UserChanges,
  ) {}

  async execute({ user, password }: ResetPasswordCommand): Promise<UserView> {
    const hash = await this.hasher.hash(password);
    const view = await this.users.em().transactional(async (em) => {
      const { id } = await this.users.byIdOrEmail(em, user);
      const row = await this.users.update(em, Number(id), { passwordHash: hash });
      await this.tokens.revokeAllOf(em, Number(id));
      return toUserView(row);
    });
    await this.changes.announce(view.id);
    return view;
  }
}
