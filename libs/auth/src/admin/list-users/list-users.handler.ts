import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '@stoflow/core';
import { toUserView, UserView } from '../../users/user';
import { UsersRepository } from '../../users/users.repository';
import { ListUsersQuery } from './list-users.query';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, Page<UserView>> {
  constructor(private readonly users: UsersRepository) {}

  async execute({ page, limit, q }: ListUsersQuery): Promise<Page<UserView>> {
    const { rows, total } = await this.users.page(this.users.em(), q, limit, (page - 1) * limit);
    return { items: rows.map(toUserView), total, page, limit };
  }
}
