import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { JwtKeys, Unauthenticated } from '@stoflow/core';
import type { Role, TokenClaims } from '@stoflow/auth';
import { createHash, randomUUID } from 'node:crypto';
import { PluginSettings } from '../plugin-settings';

const ALGORITHM = 'HS256';

/**
 * Plugin tokens: JWTs with the claims of every StoFlow token and `type: 'plugin'`, signed with JWT_SECRET and
 * accepted with JWT_SECRET_PREVIOUS during a rotation. The token's hash is stored on its device, so a revoked
 * device's token stops working at once although the JWT itself has not expired.
 */
@Injectable()
export class PluginTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: JwtKeys,
    private readonly settings: PluginSettings,
  ) {}

  sign(userId: number, role: Role): string {
    return this.jwt.sign(
      { sub: String(userId), role, type: 'plugin' },
      {
        secret: JwtKeys.asSecret(this.keys.current),
        algorithm: ALGORITHM,
        expiresIn: this.settings.pluginTokenTtlSeconds,
        jwtid: randomUUID(),
      },
    );
  }

  /** The user id of a valid plugin token, or 401 (an access or refresh token is not one). */
  verify(token: string): number {
    for (const key of this.keys.all) {
      let claims: Partial<TokenClaims>;
      try {
        claims = this.jwt.verify<TokenClaims>(token, { secret: JwtKeys.asSecret(key), algorithms: [ALGORITHM] });
      } catch {
        continue;
      }
      if (claims.type !== 'plugin' || typeof claims.sub !== 'string' || !/^[1-9]\d{0,15}$/.test(claims.sub)) break;
      return Number(claims.sub);
    }
    throw new Unauthenticated('Send a valid plugin token: pair the extension from the dashboard');
  }
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
