import { Command } from '@nestjs/cqrs';
import type { Session } from '../tokens/session-issuer';

export class RefreshCommand extends Command<Session> {
  constructor(readonly refreshToken: string) {
    super();
  }
}
