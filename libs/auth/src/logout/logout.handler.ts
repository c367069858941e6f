import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Unauthenticated } from '@stoflow/core';
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
  ) {}

  async execute({ refreshToken }: LogoutCommand): Promise<void> {
    const { jti } = this.signer.verify(refreshToken, 'refresh');
    const found = await this.users.em().transactional(async (em) => {
      const row = await this.tokens.lock(em, jti);
      if (row) await this.tokens.revokeFamily(em, row.family_id);
      return row !== undefined;
    });
    if (!found) throw new Unauthenticated('This refresh token is not valid any more');
  }
}
