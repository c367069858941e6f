import { Command } from '@nestjs/cqrs';

/** Revokes the family of the presented refresh token (every token descending from one login). */
export class LogoutCommand extends Command<void> {
  constructor(readonly refreshToken: string) {
    super();
  }
}
