import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Unauthenticated } from '@stoflow/core';
import { UserChanges } from '../access/user-changes';
import { RefreshTokensRepository } from '../tokens/refresh-tokens.repository';
import { TokenSigner } from '../tokens/token-signer';
import { UsersRepository } from '../users/users.repository';
import { LogoutCommand } from './logout.command';

@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand, void> {
  constructor(
    private readonly signer: TokenSigner,
    private readonly tokens: RefreshTokensRepository,
    private readonly users: UsersRepository,
    private readonly changes: UserChanges,
  ) {}

  async execute({ refreshToken }: LogoutCommand): Promise<void> {
    const { jti } = this.signer.verify(refreshToken, 'refresh');
    const row = await this.users.em().transactional(async (em) => {
      const locked = await this.tokens.lock(em, jti);
      if (locked) await this.tokens.revokeFamily(em, locked.family_id);
      return locked;
    });
    if (!row) throw new Unauthenticated('This refresh token is not valid any more');
    // The session's access tokens end with it, in every API process.
    await this.changes.announce(Number(row.user_id));
  }
}
