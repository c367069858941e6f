import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DelegateBackoff, ExponentialBackoff, handleWhen, IBackoff, IRetryBackoffContext, retry } from 'cockatiel';
import type Redis from 'ioredis';
import { Agent, request as undiciRequest } from 'undici';
import { RedisClient } from '../redis/redis.module';
import {
  failureForStatus,
  OutboundCall,
  OutboundFailure,
  OutboundNetworkError,
  OutboundRateLimited,
  OutboundTimeout,
  OutboundTransient,
  OutboundUnauthorized,
} from './outbound-failures';
import { OutboundHttpSettings } from './outbound-http-settings';
import {
  decodeBody,
  encodeBody,
  mayRetry,
  OutboundRequest,
  OutboundResponse,
  urlForDisplay,
  urlWithQuery,
} from './outbound-request';
import { RedisRateLimits } from './redis-rate-limits';
import { retryAfterMs } from './retry-after';

type EncodedBody = Awaited<ReturnType<typeof encodeBody>>;

interface Tally {
  attempts: number;
  rateLimitWaitMs: number;
}

/**
 * The one way marketplace clients (eBay, Etsy) call out: a timeout per attempt, retries with jittered exponential
 * back-off on 429 / 5xx / network failures (honouring `Retry-After`), a per-account token bucket shared through
 * Redis, one OAuth refresh on 401, and typed failures (OutboundFailure subclasses) for everything but a 2xx.
 */
@Injectable()
export class OutboundHttp implements OnApplicationShutdown {
  private readonly log = new Logger(OutboundHttp.name);
  private readonly agent = new Agent({ keepAliveTimeout: 10_000 });
  private readonly limits: RedisRateLimits;

  constructor(
    @Inject(RedisClient) redis: Redis,
    @Inject(OutboundHttpSettings) private readonly settings: OutboundHttpSettings,
  ) {
    this.limits = new RedisRateLimits(redis, settings.redisKeyPrefix);
  }

  /** Resolves with a 2xx answer; rejects with an OutboundFailure (or the abort reason of `request.signal`). */
  async send<T = unknown>(request: OutboundRequest): Promise<OutboundResponse<T>> {
    const url = urlWithQuery(request.url, request.query);
    const call: OutboundCall = { api: request.api, method: request.method, url: urlForDisplay(url) };
    const tally: Tally = { attempts: 0, rateLimitWaitMs: 0 };
    const body = await encodeBody(request);
    const withToken = (token?: string) =>
      this.withRetries(request, () => this.attempt<T>(call, url, body, request, token, tally));

    if (!request.auth) return withToken();
    try {
      return await withToken(await request.auth.token());
    } catch (error) {
      if (!(error instanceof OutboundUnauthorized)) throw error;
    }
    // A second 401 surfaces as OutboundUnauthorized: the connection is expired for good and the user must reconnect.
    return withToken(await request.auth.refresh());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }

  private withRetries<T>(request: OutboundRequest, attempt: () => Promise<T>): Promise<T> {
    const retrying = mayRetry(request);
    const policy = retry(
      handleWhen((error) => retrying && this.isRetryable(error)),
      { maxAttempts: retrying ? this.settings.maxRetries : 0, backoff: this.backoff() },
    );
    policy.onRetry((event) => {
      const why = 'error' in event ? (event.error as Error).message : 'unexpected result';
      this.log.warn(`${why}; retry ${event.attempt} of ${this.settings.maxRetries} in ${Math.round(event.delay)} ms`);
    });
    return policy.execute(attempt, request.signal);
  }

  private isRetryable(error: Error): boolean {
    if (error instanceof OutboundRateLimited) {
      // Only the server's 429: an empty local bucket already waited as long as the call may.
      return error.status !== undefined && (error.retryAfterMs ?? 0) <= this.settings.maxRetryAfterMs;
    }
    return (
      error instanceof OutboundTransient || error instanceof OutboundNetworkError || error instanceof OutboundTimeout
    );
  }

  /** Jittered exponential back-off, stretched to the server's `Retry-After` when it asks for longer. */
  private backoff(): DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>> {
    const exponential = new ExponentialBackoff({
      initialDelay: this.settings.baseDelayMs,
      maxDelay: this.settings.maxDelayMs,
    });
    return new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>>((context, previous) => {
      const next = previous ? previous.next(undefined) : exponential.next();
      const failure = 'error' in context.result ? context.result.error : undefined;
      const asked = failure instanceof OutboundRateLimited ? (failure.retryAfterMs ?? 0) : 0;
      return { delay: Math.max(next.duration, asked), state: next };
    });
  }

  private async attempt<T>(
    call: OutboundCall,
    url: string,
    { body, contentType }: EncodedBody,
    request: OutboundRequest,
    token: string | undefined,
    tally: Tally,
  ): Promise<OutboundResponse<T>> {
    tally.attempts += 1;
    if (request.rateLimit) {
      const { account, ...rule } = request.rateLimit;
      const outcome = await this.limits.take(
        request.api,
        account,
        rule,
        this.settings.maxRateLimitWaitMs,
        request.signal,
      );
      if (!outcome.taken) throw new OutboundRateLimited(call, outcome.retryAfterMs);
      tally.rateLimitWaitMs += outcome.waitedMs;
    }

    const timeoutMs = request.timeoutMs ?? this.settings.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const answer = await undiciRequest(url, {
        method: request.method,
        headers: this.headers(request, contentType, token),
        body,
        signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
        dispatcher: this.agent,
      });
      const parsed = decodeBody(await answer.body.text(), answer.headers['content-type']);
      // undici does not follow redirects, and marketplace APIs do not send them: a 3xx is a rejection like a 4xx.
      if (answer.statusCode >= 200 && answer.statusCode < 300) {
        return { status: answer.statusCode, headers: answer.headers, body: parsed as T, ...tally };
      }
      throw failureForStatus(call, answer.statusCode, parsed, retryAfterMs(answer.headers['retry-after']));
    } catch (error) {
      if (error instanceof OutboundFailure) throw error;
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout.aborted) throw new OutboundTimeout(call, timeoutMs);
      if (isConnectionError(error)) throw new OutboundNetworkError(call, error);
      throw error; // a bug (bad header, bad URL...): retrying would not help and calling it "network" would mislead
    }
  }

  private headers(request: OutboundRequest, contentType?: string, token?: string): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (contentType) headers['content-type'] = contentType;
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    return headers;
  }
}

/**
 * Socket, TLS and protocol failures carry a string code: Node's (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED...) or
 * undici's (UND_ERR_SOCKET...). Invalid-argument codes are the caller's mistakes, not the network's.
 */
const CALLER_MISTAKE = /^(UND_ERR_INVALID_ARG|UND_ERR_NOT_SUPPORTED|ERR_INVALID_|ERR_OUT_OF_RANGE)/;

function isConnectionError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && !CALLER_MISTAKE.test(code);
}
