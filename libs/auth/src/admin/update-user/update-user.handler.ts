import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UserChanges } from '../../access/user-changes';
import { RefreshTokensRepository } from '../../tokens/refresh-tokens.repository';
import { toUserView, UserView } from '../../users/user';
import { UsersRepository } from '../../users/users.repository';
import { UpdateUserCommand } from './update-user.command';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, UserView> {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: RefreshTokensRepository,
    private readonly changes: UserChanges,
  ) {}

  async execute({ user, changes }: UpdateUserCommand): Promise<UserView> {
    const view = await this.users.em().transactional(async (em) => {
      const { id } = await this.users.byIdOrEmail(em, user);
      const row = await this.users.update(em, Number(id), changes);
      // A disabled account keeps no session: its refresh tokens die now, its access tokens at the next request.
      if (changes.disabled) await this.tokens.revokeAllOf(em, Number(id));
      return toUserView(row);
    });
    // Committed: every API process drops what it cached about this user (role, tier, disabled) before we answer.
    await this.changes.announce(view.id);
    return view;
  }
}
