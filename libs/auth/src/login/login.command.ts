import { Command } from '@nestjs/cqrs';
import type { Session } from '../tokens/session-issuer';

export class LoginCommand extends Command<Session> {
  constructor(
    readonly email: string,
    readonly password: string,
    /** The client IP as TRUST_PROXY lets the HTTP layer see it. */
    readonly ip: string,
  ) {
    super();
  }
}
