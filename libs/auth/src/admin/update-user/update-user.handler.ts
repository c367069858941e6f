import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RefreshTokensRepository } from '../../tokens/refresh-tokens.repository';
import { toUserView, UserView } from '../../users/user';
import { UsersRepository } from '../../users/users.repository';
import { UpdateUserCommand } from './update-user.command';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, UserView> {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: RefreshTokensRepository,
  ) {}

  async execute({ user, changes }: UpdateUserCommand): Promise<UserView> {
    return this.users.em().transactional(async (em) => {
      const { id } = await this.users.byIdOrEmail(em, user);
      const row = await this.users.update(em, Number(id), changes);
      // A disabled account keeps no session: its refresh tokens die now, its access tokens at the next request.
      if (changes.disabled) await this.tokens.revokeAllOf(em, Number(id));
      return toUserView(row);
    });
  }
}
