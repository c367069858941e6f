import { Query } from '@nestjs/cqrs';
import type { Page } from '@stoflow/core';
import type { UserView } from '../../users/user';

export class ListUsersQuery extends Query<Page<UserView>> {
  constructor(
    readonly page = 1,
    readonly limit = 20,
    /** Part of an email, case-insensitive. */
    readonly q?: string,
  ) {
    super();
  }
}
