import type { RateLimitRule } from './redis-rate-limits';

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Query and form values; `undefined` and `null` are left out, arrays repeat the name. */
export type ParamValue = string | number | boolean | undefined | null | readonly (string | number | boolean)[];

/** Where an OAuth access token comes from, and how to get a new one when the marketplace says it expired. */
export interface OAuthTokenSource {
  token(): Promise<string>;
  /** Called at most once per call, on a 401; returns the new access token (and stores it, sealed). */
  refresh(): Promise<string>;
}

export interface OutboundRequest {
  /** Names the API in failures, logs and the rate-limit bucket, e.g. `ebay.sell.inventory`. */
  api: string;
  method: HttpMethod;
  /** Absolute URL; `query` is added to any query it already has. */
  url: string;
  query?: Record<string, ParamValue>;
  headers?: Record<string, string>;
  /** At most one body: JSON, form-urlencoded (OAuth token endpoints), or multipart (image uploads). */
  json?: unknown;
  form?: Record<string, ParamValue>;
  multipart?: FormData;
  /** Sends `Authorization: Bearer <token>`, and on a 401 refreshes the token once and repeats the call once. */
  auth?: OAuthTokenSource;
  /** Draws one token per attempt from the bucket of (api, account), shared by every process through Redis. */
  rateLimit?: RateLimitRule & { account: string };
  /** Time for one attempt, counted once it has its rate-limit token; the settings' timeoutMs when unset. */
  timeoutMs?: number;
  /**
   * Whether 429, 5xx, network failures and timeouts are retried. Unset: only for methods that are idempotent by
   * HTTP's definition, since a POST that timed out may have been applied and would then be applied twice.
   */
  retry?: boolean;
  /** Cancels the call (e.g. on shutdown); the abort reason is thrown as is, not as an OutboundFailure. */
  signal?: AbortSignal;
}

export interface OutboundResponse<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the answer says it is JSON, else the text; undefined when empty. Not validated: map it. */
  body: T;
  /** HTTP attempts made, the one after a token refresh included. */
  attempts: number;
  /** Time spent waiting for the account's rate-limit bucket. */
  rateLimitWaitMs: number;
}

const IDEMPOTENT = new Set<HttpMethod>(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function mayRetry(request: OutboundRequest): boolean {
  return request.retry ?? IDEMPOTENT.has(request.method);
}

export function urlWithQuery(url: string, query: OutboundRequest['query']): string {
  if (!query) return url;
  const parsed = new URL(url);
  appendParams(parsed.searchParams, query);
  return parsed.toString();
}

/** The URL as failures and logs show it: without the query, which may carry keys or personal data. */
export function urlForDisplay(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

export async function encodeBody(request: OutboundRequest): Promise<{ body?: string | Buffer; contentType?: string }> {
  const given = [request.json !== undefined, request.form !== undefined, request.multipart !== undefined];
  if (given.filter(Boolean).length > 1) {
    throw new TypeError(`${request.api} ${request.method}: give at most one of json, form and multipart`);
  }
  if (request.json !== undefined) return { body: JSON.stringify(request.json), contentType: 'application/json' };
  if (request.form !== undefined) {
    const params = new URLSearchParams();
    appendParams(params, request.form);
    return { body: params.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  if (!request.multipart) return {};
  // Serialised once, by the platform's own encoder (which also picks the boundary), so every attempt resends the
  // same bytes; undici's request() does not take Node's global FormData, only its own copy of the class.
  const encoded = new Response(request.multipart);
  return {
    body: Buffer.from(await encoded.arrayBuffer()),
    contentType: encoded.headers.get('content-type') ?? undefined,
  };
}

/** Parses an answer's body: JSON when its content type says so (and it parses), else the text. */
export function decodeBody(text: string, contentType: string | string[] | undefined): unknown {
  if (text === '') return undefined;
  const type = (Array.isArray(contentType) ? contentType[0] : contentType) ?? '';
  if (!/[/+]json\b/i.test(type)) return text;
  try {
    return JSON.parse(text);
  } catch {
    // Gateways answer HTML error pages under a JSON content type; the text is still the most useful detail.
    return text;
  }
}

function appendParams(params: URLSearchParams, values: Record<string, ParamValue>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
  }
}
