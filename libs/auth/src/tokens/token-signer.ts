import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { JwtKeys, Unauthenticated } from '@stoflow/core';
import type { KeyObject } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import type { Role } from '../users/user';
import { TokenClaims, TokenType } from './token-claims';

const ALGORITHM = 'HS256';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Signs with JWT_SECRET and verifies with JWT_SECRET, then JWT_SECRET_PREVIOUS, so tokens issued before a
 * rotation stay valid until they expire.
 */
@Injectable()
export class TokenSigner {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: JwtKeys,
  ) {}

  sign(
    userId: number,
    role: Role,
    type: TokenType,
    ttlSeconds: number,
    sessionId?: string,
  ): { token: string; jti: string } {
    const jti = randomUUID();
    const token = this.jwt.sign(
      { sub: String(userId), role, type, ...(sessionId ? { sid: sessionId } : {}) },
      { secret: JwtKeys.asSecret(this.keys.current), algorithm: ALGORITHM, expiresIn: ttlSeconds, jwtid: jti },
    );
    return { token, jti };
  }

  /**
   * The key to verify `token` with, for a caller that verifies it next (passport-jwt): with one secret that is
   * the key, unchecked, so the token is not verified twice; during a rotation, the one that verifies it, if any.
   */
  keyFor(token: string): KeyObject | undefined {
    if (this.keys.all.length === 1) return this.keys.current;
    return this.keys.all.find((key) => this.tryVerify(token, key) !== undefined);
  }

  /** Verified claims of the expected type, or 401. */
  verify(token: string, type: TokenType): TokenClaims {
    for (const key of this.keys.all) {
      const claims = this.tryVerify(token, key);
      if (claims) return checkClaims(claims, type);
    }
    throw new Unauthenticated('The token is invalid or expired');
  }

  private tryVerify(token: string, key: KeyObject): TokenClaims | undefined {
    try {
      return this.jwt.verify<TokenClaims>(token, { secret: JwtKeys.asSecret(key), algorithms: [ALGORITHM] });
    } catch {
      return undefined;
    }
  }
}

export function checkClaims(claims: Partial<TokenClaims>, type: TokenType): TokenClaims {
  const ok =
    claims.type === type &&
    typeof claims.sub === 'string' &&
    /^[1-9]\d{0,15}$/.test(claims.sub) &&
    typeof claims.jti === 'string' &&
    typeof claims.exp === 'number' &&
    typeof claims.iat === 'number' &&
    (type !== 'access' || (typeof claims.sid === 'string' && UUID.test(claims.sid)));
  if (!ok) throw new Unauthenticated(`This is not a valid ${type} token`);
  return claims as TokenClaims;
}
