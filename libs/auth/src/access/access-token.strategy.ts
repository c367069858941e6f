import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ACCESS_STRATEGY, JwtKeys, TenantContext, Unauthenticated } from '@stoflow/core';
import { LRUCache } from 'lru-cache';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { TokenClaims } from '../tokens/token-claims';
import { checkClaims, TokenSigner } from '../tokens/token-signer';
import { AuthenticatedUser } from './authenticated-user';
import { AuthenticatedUsers } from './authenticated-users';

/** A bound on memory: the access tokens used lately (one per signed-in session and hour). */
const VERIFIED_TOKENS = 10_000;

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The request as passport's types see it (Fastify's raw request at run time). */
type PassportRequest = Parameters<Strategy['authenticate']>[0];

/**
 * The strategy behind core's global AccessGuard: a valid access token (current or previous secret) of a user
 * who still exists and is not disabled. It enters that user's tenant context for the rest of the request.
 *
 * passport-jwt checks a token's signature, algorithm and expiry the first time it is seen; the claims of a token
 * that passed are then kept, under the token's exact text, until its own `exp`, so the dashboard's next requests
 * with the same token skip the signature check (it was a tenth of an authenticated request's cost). The rest runs
 * on every request: the claims' type, and the user's state (exists, not disabled, role, tier).
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, ACCESS_STRATEGY) {
  private readonly verified = new LRUCache<string, TokenClaims>({ max: VERIFIED_TOKENS });

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
    const user = await this.userOf(claims);
    const token = bearerToken(req);
    const ttl = (claims as TokenClaims).exp * 1000 - Date.now();
    if (token && ttl > 0) this.verified.set(token, claims as TokenClaims, { ttl });
    return user;
  }

  private async userOf(claims: Partial<TokenClaims>): Promise<AuthenticatedUser> {
    const { sub } = checkClaims(claims, 'access');
    const user = await this.users.load(Number(sub));
    if (!user) throw new Unauthenticated('This account no longer exists or is disabled');
    this.tenant.enter(user.id);
    return user;
  }
}
