/** What a failure says about the call that failed; `url` has no query string (it may carry keys). */
export interface OutboundCall {
  api: string;
  method: string;
  url: string;
}

export type OutboundFailureKind =
  'rate-limited' | 'transient' | 'unauthorized' | 'not-found' | 'rejected' | 'network' | 'timeout';

/**
 * A call to a marketplace that did not succeed, after the retries it was allowed. Narrow with `instanceof` on a
 * subclass, or switch on `kind` after `isOutboundFailure()`. `status` and the parsed `body` are there when the
 * server answered.
 */
export abstract class OutboundFailure extends Error {
  abstract readonly kind: OutboundFailureKind;

  constructor(
    readonly call: OutboundCall,
    message: string,
    readonly status?: number,
    readonly body?: unknown,
    options?: { cause?: unknown },
  ) {
    super(`${call.api} ${call.method} ${call.url}: ${message}`, options);
    this.name = new.target.name;
  }
}

/**
 * 429 from the server, or this account's token bucket stayed empty longer than the call may wait (`status` is then
 * undefined). `retryAfterMs` is when to try again, when known: a queue can delay the job by that much.
 */
export class OutboundRateLimited extends OutboundFailure {
  readonly kind = 'rate-limited';

  constructor(
    call: OutboundCall,
    readonly retryAfterMs?: number,
    status?: number,
    body?: unknown,
  ) {
    super(
      call,
      status === undefined
        ? `this account's rate limit is used up for ${retryAfterMs ?? '?'} ms`
        : `rate limited (${status})${retryAfterMs === undefined ? '' : `, retry after ${retryAfterMs} ms`}`,
      status,
      body,
    );
  }
}

/** 5xx (or 408): the server failed; the same call may succeed later. */
export class OutboundTransient extends OutboundFailure {
  readonly kind = 'transient';

  constructor(call: OutboundCall, status: number, body?: unknown) {
    super(call, `the server failed (${status})`, status, body);
  }
}

/** 401 that a token refresh did not cure (or no refresh was possible): the connection needs the user again. */
export class OutboundUnauthorized extends OutboundFailure {
  readonly kind = 'unauthorized';

  constructor(call: OutboundCall, status: number, body?: unknown) {
    super(call, `unauthorized (${status})`, status, body);
  }
}

/** 404 or 410: the remote resource is not there (e.g. a listing deleted on the marketplace). */
export class OutboundNotFound extends OutboundFailure {
  readonly kind = 'not-found';

  constructor(call: OutboundCall, status: number, body?: unknown) {
    super(call, `not found (${status})`, status, body);
  }
}

/** Any other 4xx: the request itself is wrong for the marketplace; its error body says why. */
export class OutboundRejected extends OutboundFailure {
  readonly kind = 'rejected';

  constructor(call: OutboundCall, status: number, body?: unknown) {
    super(call, `rejected (${status})`, status, body);
  }
}

/** No answer: connection refused or reset, DNS, TLS. */
export class OutboundNetworkError extends OutboundFailure {
  readonly kind = 'network';

  constructor(call: OutboundCall, cause: unknown) {
    super(call, `no answer (${describe(cause)})`, undefined, undefined, { cause });
  }
}

/** No complete answer within the call's timeout. */
export class OutboundTimeout extends OutboundFailure {
  readonly kind = 'timeout';

  constructor(
    call: OutboundCall,
    readonly timeoutMs: number,
  ) {
    super(call, `no complete answer within ${timeoutMs} ms`);
  }
}

export type AnyOutboundFailure =
  | OutboundRateLimited
  | OutboundTransient
  | OutboundUnauthorized
  | OutboundNotFound
  | OutboundRejected
  | OutboundNetworkError
  | OutboundTimeout;

export function isOutboundFailure(error: unknown): error is AnyOutboundFailure {
  return error instanceof OutboundFailure;
}

/** The failure a non-2xx answer stands for; 401 is decided by the caller (it may refresh first). */
export function failureForStatus(
  call: OutboundCall,
  status: number,
  body: unknown,
  retryAfterMs: number | undefined,
): AnyOutboundFailure {
  if (status === 429) return new OutboundRateLimited(call, retryAfterMs, status, body);
  if (status === 401) return new OutboundUnauthorized(call, status, body);
  if (status === 404 || status === 410) return new OutboundNotFound(call, status, body);
  if (status >= 500 || status === 408) return new OutboundTransient(call, status, body);
  return new OutboundRejected(call, status, body);
}

function describe(cause: unknown): string {
  // Duck-typed: socket errors come from Node's realm, which `instanceof Error` does not see under jest's sandbox.
  const { code, message } = (typeof cause === 'object' && cause !== null ? cause : {}) as {
    code?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message : String(cause);
}
