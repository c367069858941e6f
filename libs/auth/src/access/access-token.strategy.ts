import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ACCESS_STRATEGY, JwtKeys, TenantContext, Unauthenticated } from '@stoflow/core';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { TokenClaims } from '../tokens/token-claims';
import { checkClaims, TokenSigner } from '../tokens/token-signer';
import { AuthenticatedUser } from './authenticated-user';
import { AuthenticatedUsers } from './authenticated-users';

/**
 * The strategy behind core's global AccessGuard: a valid access token (current or previous secret) of a user
 * who still exists and is not disabled. It enters that user's tenant context for the rest of the request.
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, ACCESS_STRATEGY) {
  constructor(
    signer: TokenSigner,
    private readonly users: AuthenticatedUsers,
    private readonly tenant: TenantContext,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      algorithms: ['HS256'],
      // Picks whichever configured secret verifies the token; passport-jwt then verifies with it.
      secretOrKeyProvider: (_req: unknown, raw: string, done: (err: unknown, secret?: Buffer) => void) => {
        const key = signer.keyFor(raw);
        if (key) done(null, JwtKeys.asSecret(key));
        else done(new Unauthenticated('The token is invalid or expired'));
      },
    });
  }

  async validate(claims: Partial<TokenClaims>): Promise<AuthenticatedUser> {
    const { sub } = checkClaims(claims, 'access');
    const user = await this.users.load(Number(sub));
    if (!user) throw new Unauthenticated('This account no longer exists or is disabled');
    this.tenant.enter(user.id);
    return user;
  }
}
