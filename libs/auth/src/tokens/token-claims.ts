import type { Role } from '../users/user';

export type TokenType = 'access' | 'refresh' | 'plugin';

/** The claims of every StoFlow token; `type` says where it may be used and is checked everywhere. */
export interface TokenClaims {
  sub: string;
  role: Role;
  type: TokenType;
  iat: number;
  exp: number;
  jti: string;
  /** Access tokens: the session (refresh family) they belong to; revoking the family ends them too. */
  sid?: string;
}
