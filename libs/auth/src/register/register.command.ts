import { Command } from '@nestjs/cqrs';
import type { Session } from '../tokens/session-issuer';
import type { UserView } from '../users/user';

export interface RegisterResult extends Session {
  user: Omit<UserView, 'disabled'>;
}

export class RegisterCommand extends Command<RegisterResult> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}
