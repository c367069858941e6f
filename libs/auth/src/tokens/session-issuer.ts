import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import type { Role } from '../users/user';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TokenSigner } from './token-signer';

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token lives. */
  expiresIn: number;
}

/**
 * Issues an access + refresh pair; the refresh token joins `familyId` (a new family at login), and the access token
 * names it as its session (`sid`), so revoking the family (logout, reuse, disable) ends the access token too.
 */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly signer: TokenSigner,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly config: AppConfig,
  ) {}

  async issue(em: EntityManager, userId: number, role: Role, familyId: string = randomUUID()): Promise<Session> {
    const access = this.signer.sign(userId, role, 'access', this.config.JWT_ACCESS_TTL_SECONDS, familyId);
    const refresh = this.signer.sign(userId, role, 'refresh', this.config.JWT_REFRESH_TTL_SECONDS);
    const expiresAt = new Date(Date.now() + this.config.JWT_REFRESH_TTL_SECONDS * 1000);
    await this.refreshTokens.insert(em, refresh.jti, familyId, userId, expiresAt);
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
    };
  }
}
