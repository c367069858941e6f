import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Unauthenticated } from '@stoflow/core';
import { UserChanges } from '../access/user-changes';
import { RefreshTokensRepository } from '../tokens/refresh-tokens.repository';
import { Session, SessionIssuer } from '../tokens/session-issuer';
import { TokenSigner } from '../tokens/token-signer';
import { UsersRepository } from '../users/users.repository';
import { RefreshCommand } from './refresh.command';

/**
 * Rotation: the presented token is spent and a new pair joins its family. A spent token presented again means
 * it leaked (or was replayed): the whole family is revoked, the newest token included, and that is committed
 * before the 401 is thrown.
 */
@CommandHandler(RefreshCommand)
export class RefreshHandler implements ICommandHandler<RefreshCommand, Session> {
  constructor(
    private readonly signer: TokenSigner,
    private readonly tokens: RefreshTokensRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionIssuer,
    private readonly changes: UserChanges,
  ) {}

  async execute({ refreshToken }: RefreshCommand): Promise<Session> {
    const { jti } = this.signer.verify(refreshToken, 'refresh');
    const outcome = await this.users.em().transactional(async (em) => {
      const row = await this.tokens.lock(em, jti);
      if (!row || row.revoked_at) return 'refused' as const;
      if (row.spent_at) {
        await this.tokens.revokeFamily(em, row.family_id);
        return { reusedBy: Number(row.user_id) };
      }
      const user = await this.users.byId(em, Number(row.user_id));
      if (!user || user.disabled_at !== null) return 'refused' as const;
      await this.tokens.spend(em, jti);
      return this.sessions.issue(em, Number(user.id), user.role, row.family_id);
    });
    if (outcome === 'refused') throw new Unauthenticated('This refresh token is not valid any more');
    if ('reusedBy' in outcome) {
      // The family's access tokens end with it, in every API process.
      await this.changes.announce(outcome.reusedBy);
      throw new Unauthenticated('This refresh token was already used: every session of its family is revoked');
    }
    return outcome;
  }
}
