import { Injectable } from '@nestjs/common';
import {
  HttpMethod,
  OAuthTokenSource,
  OutboundHttp,
  OutboundRejected,
  OutboundResponse,
  OutboundUnauthorized,
  ParamValue,
} from '@stoflow/core';
import { EtsySettings } from '../etsy-settings';

/** Every host, path, header and grant of Etsy's Open API v3, in one adapter (ETSY.md). */
export const ETSY_SCOPES = ['listings_r', 'listings_w', 'listings_d', 'shops_r', 'transactions_r'];

/** One request under `/v3/application`, as plain data (a job's sequence is stored like this). */
export interface EtsyCall {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number>;
  /** Etsy's listing writes take forms; the inventory takes JSON; images go as multipart (`image`). */
  form?: Record<string, ParamValue>;
  json?: unknown;
  image?: { bytes: Buffer; filename: string; fields: Record<string, string> };
}

export interface EtsyGrant {
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** Etsy refused the grant (`invalid_grant`): the seller must connect again. */
export class EtsyGrantRefused extends Error {
  override name = 'EtsyGrantRefused';

  constructor(readonly reason: string) {
    super(`Etsy refused the authorization: ${reason}`);
  }
}

/** Etsy's default rate for a new app, per second (ETSY.md, Limits). */
const SELLER_RATE = { requests: 10, perSeconds: 1 };

/** Refresh tokens last 90 days from issue; each refresh gives a new one. */
const REFRESH_LIFETIME_MS = 90 * 24 * 3600 * 1000;

@Injectable()
export class EtsyApi {
  constructor(
    private readonly http: OutboundHttp,
    private readonly settings: EtsySettings,
  ) {}

  consentUrl(state: string, codeChallenge: string): string {
    const url = new URL('/oauth/connect', this.settings.authBaseUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.settings.keystringValue());
    url.searchParams.set('redirect_uri', this.settings.redirect());
    url.searchParams.set('scope', ETSY_SCOPES.join(' '));
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
    return url.toString();
  }

  exchangeCode(code: string, verifier: string): Promise<EtsyGrant> {
    return this.token({
      grant_type: 'authorization_code',
      client_id: this.settings.keystringValue(),
      redirect_uri: this.settings.redirect(),
      code,
      code_verifier: verifier,
    });
  }

  /** A new access token and a new refresh token: the one sent is spent. */
  refresh(refreshToken: string): Promise<EtsyGrant> {
    return this.token({
      grant_type: 'refresh_token',
      client_id: this.settings.keystringValue(),
      refresh_token: refreshToken,
    });
  }

  /**
   * Etsy counts a private call against the seller's token: `account` (the seller) has a bucket of its own, so one
   * seller's bulk publish never uses up another's.
   */
  send<T>(call: EtsyCall, auth: OAuthTokenSource, account?: string): Promise<OutboundResponse<T>> {
    let multipart: FormData | undefined;
    if (call.image) {
      multipart = new FormData();
      multipart.append('image', new Blob([Uint8Array.from(call.image.bytes)]), call.image.filename);
      for (const [name, value] of Object.entries(call.image.fields)) multipart.append(name, value);
    }
    return this.http.send<T>({
      api: 'etsy.application',
      method: call.method,
      url: `${this.settings.apiBaseUrl}/v3/application${call.path}`,
      query: call.query,
      headers: this.settings.apiKeyHeader(),
      form: call.form,
      json: call.json,
      multipart,
      auth,
      ...(account ? { rateLimit: { account, ...SELLER_RATE } } : {}),
    });
  }

  private async token(form: Record<string, ParamValue>): Promise<EtsyGrant> {
    try {
      const { body } = await this.http.send<{ access_token: string; refresh_token: string; expires_in: number }>({
        api: 'etsy.oauth.token',
        method: 'POST',
        url: `${this.settings.apiBaseUrl}/v3/public/oauth/token`,
        headers: this.settings.apiKeyHeader(),
        form,
        retry: false,
      });
      if (typeof body?.access_token !== 'string' || typeof body.refresh_token !== 'string') {
        throw new EtsyGrantRefused('the token endpoint answered without tokens');
      }
      const now = Date.now();
      return {
        accessToken: body.access_token,
        accessExpiresAt: new Date(now + (body.expires_in ?? 3600) * 1000),
        refreshToken: body.refresh_token,
        refreshExpiresAt: new Date(now + REFRESH_LIFETIME_MS),
      };
    } catch (error) {
      if (error instanceof OutboundRejected) {
        const reason = error.body as { error?: string } | undefined;
        throw new EtsyGrantRefused(reason?.error ?? 'refused');
      }
      if (error instanceof OutboundUnauthorized) {
        throw new Error("Etsy refused this server's keystring (invalid_client): check ETSY_KEYSTRING");
      }
      throw error;
    }
  }
}

/** Etsy's error sentence (`{"error": "…"}`, or the array form some validation errors take). */
export function etsyError(body: unknown): string {
  if (Array.isArray(body))
    return (
      body
        .map((e: { message?: string }) => e.message)
        .filter(Boolean)
        .join('; ') || 'refused'
    );
  const b = body as { error?: string; error_description?: string } | undefined;
  return b?.error_description ?? b?.error ?? (typeof body === 'string' ? body : 'Etsy refused the call');
}
