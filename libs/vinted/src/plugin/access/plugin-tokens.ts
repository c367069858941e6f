import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { JwtKeys, Unauthenticated, VerifiedTokens } from '@stoflow/core';
import type { Role, TokenClaims } from '@stoflow/auth';
import { createHash, randomUUID } from 'node:crypto';
import { PluginSettings } from '../plugin-settings';

const ALGORITHM = 'HS256';

/** A plugin token whose signature and claims were checked: who it acts for, and the hash its device stores. */
export interface VerifiedPluginToken {
  userId: number;
  hash: Buffer;
}

/**
 * Plugin tokens: JWTs with the claims of every StoFlow token and `type: 'plugin'`, signed with JWT_SECRET and
 * accepted with JWT_SECRET_PREVIOUS during a rotation. The token's hash is stored on its device, so a revoked
 * device's token stops working at once although the JWT itself has not expired.
 */
@Injectable()
export class PluginTokens {
  /**
   * An extension long-polls with the same token all day, and checking the signature again on every poll was most
   * of the guard's cost. Revocation does not depend on this: every request still checks the token's device.
   */
  private readonly verified = new VerifiedTokens<VerifiedPluginToken>();

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

  /** The user and hash of a valid plugin token, or 401 (an access or refresh token is not one). */
  verify(token: string): VerifiedPluginToken {
    const known = this.verified.get(token);
    if (known) return known;
    for (const key of this.keys.all) {
      let claims: Partial<TokenClaims>;
      try {
        claims = this.jwt.verify<TokenClaims>(token, { secret: JwtKeys.asSecret(key), algorithms: [ALGORITHM] });
      } catch {
        continue;
      }
      if (claims.type !== 'plugin' || typeof claims.sub !== 'string' || !/^[1-9]\d{0,15}$/.test(claims.sub)) break;
      const verified = { userId: Number(claims.sub), hash: tokenHash(token) };
      this.verified.remember(token, verified, claims.exp);
      return verified;
    }
    throw new Unauthenticated('Send a valid plugin token: pair the extension from the dashboard');
  }
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
