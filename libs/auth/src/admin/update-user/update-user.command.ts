import { Command } from '@nestjs/cqrs';
import type { Role, UserView } from '../../users/user';

export interface UserUpdate {
  role?: Role;
  tier?: string;
  disabled?: boolean;
}

/** Admin change of role, tier or disabled state; `user` is an id or an email. */
export class UpdateUserCommand extends Command<UserView> {
  constructor(
    readonly user: string,
    readonly changes: UserUpdate,
  ) {
    super();
  }
}
