import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountCreator } from '../../users/account-creator';
import { Role, toUserView, UserView } from '../../users/user';
import { UsersRepository } from '../../users/users.repository';

/** An account made by an operator (CLI): same tenant provisioning as a registration, no session. */
export class CreateUserCommand extends Command<UserView> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly role: Role = 'user',
    readonly tier = 'free',
  ) {
    super();
  }
}

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, UserView> {
  constructor(
    private readonly accounts: AccountCreator,
    private readonly users: UsersRepository,
  ) {}

  async execute({ email, password, role, tier }: CreateUserCommand): Promise<UserView> {
    const hash = await this.accounts.hash(password);
    const row = await this.users.em().transactional((em) => this.accounts.create(em, email, hash, role, tier));
    return toUserView(row);
  }
}
