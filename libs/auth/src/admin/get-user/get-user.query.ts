import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { toUserView, UserView } from '../../users/user';
import { UsersRepository } from '../../users/users.repository';

/** One account by id or email (404 when there is none). */
export class GetUserQuery extends Query<UserView> {
  constructor(readonly idOrEmail: string) {
    super();
  }
}

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, UserView> {
  constructor(private readonly users: UsersRepository) {}

  async execute({ idOrEmail }: GetUserQuery): Promise<UserView> {
    return toUserView(await this.users.byIdOrEmail(this.users.em(), idOrEmail));
  }
}
