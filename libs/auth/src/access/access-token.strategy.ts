import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ACCESS_STRATEGY, JwtKeys, TenantContext, Unauthenticated, VerifiedTokens } from '@stoflow/core';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { TokenClaims } from '../tokens/token-claims';
import { checkClaims, TokenSigner } from '../tokens/token-signer';
import { AuthenticatedUser } from './authenticated-user';
import { AuthenticatedUsers } from './authenticated-users';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The request as passport's types see it (Fastify's raw request at run time). */
type PassportRequest = Parameters<Strategy['authenticate']>[0];

/**
 * The strategy behind core's global AccessGuard: a valid access token (current or previous secret) of a user
 * who still exists and is not disabled. It enters that user's tenant context for the rest of the request.
 *
 * passport-jwt checks a token's signature, algorithm and expiry the first time it is seen; the claims of a token
 * that passed (an access token, not a refresh or plugin one) are then kept, under the token's exact text, until its
 * own `exp`, so the dashboard's next requests with the same token skip the signature check (it was a tenth of an
 * authenticated request's cost). The user's state (exists, not disabled, role, tier) is checked on every request.
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, ACCESS_STRATEGY) {
  private readonly verified = new VerifiedTokens<TokenClaims>();

  constructor(
    signer: TokenSigner,
    private readonly users: AuthenticatedUsers,
    private readonly tenant: TenantContext,
  ) {
    super({
      jwtFromRequest: bearerToken,
      ignoreExpiration: false,
      algorithms: ['HS256'],
      passReqToCallback: true,
      // Picks whichever configured secret verifies the token; passport-jwt then verifies with it.
      secretOrKeyProvider: (_req: unknown, raw: string, done: (err: unknown, secret?: Buffer) => void) => {
        const key = signer.keyFor(raw);
        if (key) done(null, JwtKeys.asSecret(key));
        else done(new Unauthenticated('The token is invalid or expired'));
      },
    });
  }

  override authenticate(req: PassportRequest, options?: object): void {
    const token = bearerToken(req);
    const claims = token ? this.verified.get(token) : undefined;
    if (!claims) {
      super.authenticate(req, options);
      return;
    }
    this.userOf(claims).then(
      (user) => this.success(user),
      (error: unknown) => this.error(error as Error),
    );
  }

  /** Called by passport-jwt with the claims of a token it has just verified. */
  async validate(req: PassportRequest, claims: Partial<TokenClaims>): Promise<AuthenticatedUser> {
    const access = checkClaims(claims, 'access');
    const user = await this.userOf(access);
    const token = bearerToken(req);
    if (token) this.verified.remember(token, access, access.exp);
    return user;
  }

  /** The token's user, if it still exists and is not disabled: read on every request (UserStateCache). */
  private async userOf({ sub, sid }: TokenClaims): Promise<AuthenticatedUser> {
    const user = await this.users.load(Number(sub), sid ?? '');
    if (!user) throw new Unauthenticated('This session has ended, or the account no longer exists or is disabled');
    this.tenant.enter(user.id);
    return user;
  }
}
