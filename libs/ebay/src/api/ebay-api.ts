import { Injectable } from '@nestjs/common';
import {
  HttpMethod,
  OAuthTokenSource,
  OutboundHttp,
  OutboundRejected,
  OutboundUnauthorized,
  OutboundResponse,
  ParamValue,
} from '@stoflow/core';
import { EbaySettings } from '../ebay-settings';

/**
 * Every host, path prefix, header and grant of eBay's REST APIs, in one adapter (EBAY.md). The environment
 * (production or sandbox) is only the two base URLs of the settings.
 */
export type EbayApiName = 'inventory' | 'account' | 'fulfillment' | 'taxonomy' | 'notification' | 'identity';

const BASE_PATHS: Record<EbayApiName, string> = {
  inventory: '/sell/inventory/v1',
  account: '/sell/account/v1',
  fulfillment: '/sell/fulfillment/v1',
  taxonomy: '/commerce/taxonomy/v1',
  notification: '/commerce/notification/v1',
  identity: '/commerce/identity/v1',
};

const SCOPE = 'https://api.ebay.com/oauth/api_scope';

/** What the seller grants: the base scope, listings, business policies and orders, and who they are on eBay. */
export const SELLER_SCOPES = [
  SCOPE,
  `${SCOPE}/sell.inventory`,
  `${SCOPE}/sell.account`,
  `${SCOPE}/sell.fulfillment`,
  `${SCOPE}/commerce.identity.readonly`,
];

/** One REST call, as plain data: a job's call is stored like this and sent as it was decided. */
export interface EbayCall {
  api: EbayApiName;
  method: HttpMethod;
  /** Under the API's base path, e.g. `/inventory_item/SF12US`; ids already URL-encoded. */
  path: string;
  query?: Record<string, string | number>;
  json?: unknown;
  /** Required by eBay on item and offer writes: the marketplace's language. */
  contentLanguage?: string;
  acceptLanguage?: string;
}

/** One entry of eBay's `errors[]` (or `warnings[]`). */
export interface EbayError {
  errorId?: number;
  domain?: string;
  category?: string;
  message?: string;
  longMessage?: string;
  parameters?: { name?: string; value?: string }[];
}

export interface UserGrant {
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export interface AccessGrant {
  accessToken: string;
  expiresAt: Date;
}

/** The token endpoint refused the grant (`invalid_grant`): the seller must consent again. */
export class EbayGrantRefused extends Error {
  override name = 'EbayGrantRefused';

  constructor(readonly reason: string) {
    super(`eBay refused the authorization: ${reason}`);
  }
}

@Injectable()
export class EbayApi {
  constructor(
    private readonly http: OutboundHttp,
    private readonly settings: EbaySettings,
  ) {}

  /** The consent page a seller is sent to; `state` comes back with the code. */
  consentUrl(state: string): string {
    const url = new URL('/oauth2/authorize', this.settings.authBaseUrl);
    url.searchParams.set('client_id', this.settings.appId);
    url.searchParams.set('redirect_uri', this.settings.redirectName());
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', SELLER_SCOPES.join(' '));
    url.searchParams.set('state', state);
    // Sellers often hold a buyer account and a seller account: let them pick the one they sell with.
    url.searchParams.set('prompt', 'login');
    return url.toString();
  }

  /** Authorization-code grant: both tokens with their expiries. The code is used as it came (never re-encoded). */
  async exchangeCode(code: string): Promise<UserGrant> {
    const body = await this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.settings.redirectName(),
    });
    if (!body.refresh_token) throw new EbayGrantRefused('no refresh token in the answer');
    const now = Date.now();
    return {
      accessToken: body.access_token,
      accessExpiresAt: new Date(now + body.expires_in * 1000),
      refreshToken: body.refresh_token,
      refreshExpiresAt: new Date(now + (body.refresh_token_expires_in ?? 47_304_000) * 1000),
    };
  }

  /** A new access token; the refresh token is not rotated. No `scope`: eBay then gives the original grant. */
  async refreshAccess(refreshToken: string): Promise<AccessGrant> {
    const body = await this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    return { accessToken: body.access_token, expiresAt: new Date(Date.now() + body.expires_in * 1000) };
  }

  /** Client-credentials grant, for Taxonomy and the Notification public keys. */
  async applicationAccess(): Promise<AccessGrant> {
    const body = await this.token({ grant_type: 'client_credentials', scope: SCOPE });
    return { accessToken: body.access_token, expiresAt: new Date(Date.now() + body.expires_in * 1000) };
  }

  /** Sends one call with a token; rejects with an OutboundFailure for anything but a 2xx. */
  send<T>(call: EbayCall, auth: OAuthTokenSource, options: { retry?: boolean; timeoutMs?: number } = {}) {
    const headers: Record<string, string> = {};
    if (call.contentLanguage) headers['content-language'] = call.contentLanguage;
    if (call.acceptLanguage) headers['accept-language'] = call.acceptLanguage;
    return this.http.send<T>({
      api: `ebay.${call.api}`,
      method: call.method,
      url: this.url(call),
      query: call.query,
      json: call.json,
      headers,
      auth,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    }) as Promise<OutboundResponse<T>>;
  }

  /** The call's absolute URL. */
  url(call: Pick<EbayCall, 'api' | 'path'>): string {
    return `${this.hostOf(call.api)}${BASE_PATHS[call.api]}${call.path}`;
  }

  /** The call's path from the host (what a job's calls show: no host, no query, which may carry ids). */
  path(call: Pick<EbayCall, 'api' | 'path'>): string {
    return `${BASE_PATHS[call.api]}${call.path}`;
  }

  /** The REST host (production, sandbox or a test server). */
  get origin(): string {
    return new URL(this.settings.apiBaseUrl).origin;
  }

  /** The Identity API lives on `apiz.` beside `api.`; any other base (sandbox, a test server) serves it too. */
  private hostOf(api: EbayApiName): string {
    const base = new URL(this.settings.apiBaseUrl);
    if (api === 'identity' && base.hostname.startsWith('api.')) base.hostname = `apiz.${base.hostname.slice(4)}`;
    return base.origin;
  }

  private async token(form: Record<string, ParamValue>): Promise<TokenAnswer> {
    try {
      const { body } = await this.http.send<TokenAnswer>({
        api: 'ebay.identity.token',
        method: 'POST',
        url: `${this.settings.apiBaseUrl}/identity/v1/oauth2/token`,
        headers: { authorization: this.settings.basicAuthorization() },
        form,
        // A code is single-use and a refresh is cheap to ask again: no blind repeat of a POST that may have worked.
        retry: false,
      });
      if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number') {
        throw new EbayGrantRefused('the token endpoint answered without a token');
      }
      return body;
    } catch (error) {
      if (error instanceof OutboundRejected) {
        const reason = error.body as { error?: string; error_description?: string } | undefined;
        throw new EbayGrantRefused(reason?.error ?? reason?.error_description ?? 'refused');
      }
      if (error instanceof OutboundUnauthorized) {
        // invalid_client: the keyset itself is wrong, which no seller can fix by reconnecting.
        throw new Error(
          "eBay refused this server's keyset (invalid_client): check EBAY_CLIENT_ID and EBAY_CLIENT_SECRET",
        );
      }
      throw error;
    }
  }
}

interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

/** The `errors[]` of an eBay answer (empty when the body is not eBay's shape). */
export function ebayErrors(body: unknown): EbayError[] {
  const errors = (body as { errors?: unknown })?.errors;
  return Array.isArray(errors) ? (errors as EbayError[]) : [];
}

/** The first error's id and a sentence from it. */
export function firstEbayError(body: unknown): { errorId?: number; message: string } {
  const [first] = ebayErrors(body);
  const message = first?.longMessage || first?.message || 'eBay refused the call';
  return { errorId: first?.errorId, message };
}
