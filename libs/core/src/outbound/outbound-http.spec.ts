import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import {
  OutboundNetworkError,
  OutboundNotFound,
  OutboundRateLimited,
  OutboundRejected,
  OutboundTimeout,
  OutboundTransient,
  OutboundUnauthorized,
} from './outbound-failures';
import { OutboundHttp } from './outbound-http';
import { OutboundHttpSettings } from './outbound-http-settings';
import { OAuthTokenSource } from './outbound-request';
import { ScriptedServer } from './scripted-server.fixture';

// Calls without `rateLimit` never reach Redis: this connection is never opened. The bucket has its own e2e spec.
const unusedRedis = new Redis({ lazyConnect: true });
const settings = new OutboundHttpSettings({
  timeoutMs: 2000,
  maxRetries: 2,
  baseDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 3000,
});

describe('OutboundHttp', () => {
  let server: ScriptedServer;
  let http: OutboundHttp;

  beforeAll(async () => {
    Logger.overrideLogger(false); // retries are logged as warnings; expected here
    server = await ScriptedServer.start();
    http = new OutboundHttp(unusedRedis, settings);
  });

  afterAll(async () => {
    await http.onApplicationShutdown();
    await server.stop();
    unusedRedis.disconnect();
  });

  const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error,
    );

  it('retries a GET after a 503 and returns the parsed answer', async () => {
    server.script('/items/1', { status: 503, body: { error: 'busy' } }, { status: 200, body: { id: 1 } });
    const response = await http.send<{ id: number }>({ api: 'test', method: 'GET', url: server.url('/items/1') });
    expect(response).toMatchObject({ status: 200, body: { id: 1 }, attempts: 2, rateLimitWaitMs: 0 });
    expect(server.hits('/items/1')).toHaveLength(2);
  });

  it('gives up after maxRetries with a transient failure carrying status and body', async () => {
    server.script('/down', { status: 502, body: { errors: [{ message: 'bad gateway' }] } });
    const failure = await failureOf(http.send({ api: 'test', method: 'GET', url: server.url('/down') }));
    expect(failure).toBeInstanceOf(OutboundTransient);
    expect(failure).toMatchObject({ kind: 'transient', status: 502, body: { errors: [{ message: 'bad gateway' }] } });
    expect((failure as Error).message).toBe(`test GET ${server.url('/down')}: the server failed (502)`);
    expect(server.hits('/down')).toHaveLength(1 + settings.maxRetries);
  });

  it('waits at least the Retry-After of a 429 before retrying', async () => {
    server.script('/limited', { status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: { ok: true } });
    const started = Date.now();
    const response = await http.send({ api: 'test', method: 'GET', url: server.url('/limited') });
    expect(response.attempts).toBe(2);
    const [first, second] = server.hits('/limited');
    expect(first && second).toBeTruthy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('reads a Retry-After date, and fails at once when it asks for longer than it may wait', async () => {
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    server.script('/closed', { status: 429, headers: { 'retry-after': inAMinute }, body: { error: 'quota' } });
    const failure = await failureOf(http.send({ api: 'test', method: 'GET', url: server.url('/closed') }));
    expect(failure).toBeInstanceOf(OutboundRateLimited);
    expect((failure as OutboundRateLimited).retryAfterMs).toBeGreaterThan(55_000);
    expect((failure as OutboundRateLimited).status).toBe(429);
    expect(server.hits('/closed')).toHaveLength(1);
  });

  it('does not retry a POST unless the call opts in, and a GET that opts out', async () => {
    server.script('/offers', { status: 503 }, { status: 201, body: { offerId: 'o-1' } });
    expect(
      await failureOf(http.send({ api: 'test', method: 'POST', url: server.url('/offers'), json: {} })),
    ).toBeInstanceOf(OutboundTransient);
    expect(server.hits('/offers')).toHaveLength(1);

    server.script('/offers', { status: 503 }, { status: 201, body: { offerId: 'o-1' } });
    const response = await http.send({
      api: 'test',
      method: 'POST',
      url: server.url('/offers'),
      json: {},
      retry: true,
    });
    expect(response).toMatchObject({ status: 201, body: { offerId: 'o-1' }, attempts: 2 });

    server.script('/fragile', { status: 503 }, { status: 200 });
    expect(
      await failureOf(http.send({ api: 'test', method: 'GET', url: server.url('/fragile'), retry: false })),
    ).toBeInstanceOf(OutboundTransient);
    expect(server.hits('/fragile')).toHaveLength(1);
  });

  it('on a 401 refreshes the token once and repeats the call with the new one', async () => {
    const auth = tokens('expired', 'fresh');
    server.script('/me', { status: 401, body: { error: 'invalid_token' } }, { status: 200, body: { user: 'u' } });
    const response = await http.send({ api: 'test', method: 'GET', url: server.url('/me'), auth });
    expect(response).toMatchObject({ status: 200, body: { user: 'u' }, attempts: 2 });
    expect(auth.refreshes).toBe(1);
    expect(server.hits('/me').map((r) => r.headers.authorization)).toEqual(['Bearer expired', 'Bearer fresh']);
  });

  it('after a second 401 fails as unauthorized, having refreshed only once', async () => {
    const auth = tokens('expired', 'revoked');
    server.script('/me2', { status: 401, body: { error: 'invalid_token' } });
    const failure = await failureOf(http.send({ api: 'test', method: 'GET', url: server.url('/me2'), auth }));
    expect(failure).toBeInstanceOf(OutboundUnauthorized);
    expect(failure).toMatchObject({ kind: 'unauthorized', status: 401, body: { error: 'invalid_token' } });
    expect(auth.refreshes).toBe(1);
    expect(server.hits('/me2')).toHaveLength(2);
  });

  it('fails with a timeout when no answer comes in time, retrying idempotent calls', async () => {
    server.script('/slow', { status: 200, body: {}, delayMs: 400 });
    const once = await failureOf(
      http.send({ api: 'test', method: 'POST', url: server.url('/slow'), timeoutMs: 100, json: {} }),
    );
    expect(once).toBeInstanceOf(OutboundTimeout);
    expect(once).toMatchObject({ kind: 'timeout', timeoutMs: 100 });
    expect(server.hits('/slow')).toHaveLength(1);

    const retried = await failureOf(
      http.send({ api: 'test', method: 'GET', url: server.url('/slow'), timeoutMs: 100 }),
    );
    expect(retried).toBeInstanceOf(OutboundTimeout);
    expect(server.hits('/slow')).toHaveLength(1 + 1 + settings.maxRetries);
  });

  it('maps 404/410 to not-found and other 4xx to rejected with the body, without retrying', async () => {
    server.script('/gone', { status: 410, body: { error: 'listing removed' } });
    server.script('/bad', { status: 422, body: { errors: [{ field: 'price', issue: 'too low' }] } });
    expect(await failureOf(http.send({ api: 'test', method: 'GET', url: server.url('/gone') }))).toBeInstanceOf(
      OutboundNotFound,
    );
    const rejected = await failureOf(http.send({ api: 'test', method: 'PUT', url: server.url('/bad'), json: {} }));
    expect(rejected).toBeInstanceOf(OutboundRejected);
    expect(rejected).toMatchObject({ kind: 'rejected', status: 422, body: { errors: [{ field: 'price' }] } });
    expect(server.hits('/gone')).toHaveLength(1);
    expect(server.hits('/bad')).toHaveLength(1);
  });

  it('fails as a network error when nothing listens, after retrying', async () => {
    const closed = await ScriptedServer.start();
    const url = closed.url('/nowhere');
    await closed.stop();
    const failure = await failureOf(http.send({ api: 'test', method: 'GET', url }));
    expect(failure).toBeInstanceOf(OutboundNetworkError);
    expect((failure as Error).message).toMatch(/no answer \(ECONNREFUSED\)$/);
  });

  it('sends JSON, form-urlencoded and multipart bodies, query parameters and headers', async () => {
    await http.send({
      api: 'test',
      method: 'POST',
      url: server.url('/echo?fixed=1'),
      query: { q: 'veste en jean', tags: ['a', 'b'], skip: undefined, limit: 50 },
      headers: { 'Content-Language': 'fr-FR', 'X-Api-Key': 'k' },
      json: { title: 'Veste', price: 12.5 },
    });
    await http.send({
      api: 'test',
      method: 'POST',
      url: server.url('/echo'),
      form: { grant_type: 'refresh_token', refresh_token: 'r/1+2', scope: ['a', 'b'] },
    });
    const images = new FormData();
    images.append('rank', '1');
    images.append('image', new Blob([Buffer.from('fake-jpeg')], { type: 'image/jpeg' }), 'front.jpg');
    await http.send({ api: 'test', method: 'POST', url: server.url('/echo'), multipart: images });

    const [json, form, multipart] = server.hits('/echo');
    expect(new URL(json!.url, 'http://x').search).toBe('?fixed=1&q=veste+en+jean&tags=a&tags=b&limit=50');
    expect(json!.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json',
      'content-language': 'fr-FR',
      'x-api-key': 'k',
    });
    expect(JSON.parse(json!.body)).toEqual({ title: 'Veste', price: 12.5 });
    expect(form!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form!.body).toBe('grant_type=refresh_token&refresh_token=r%2F1%2B2&scope=a&scope=b');
    expect(multipart!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart!.body).toContain('filename="front.jpg"');
    expect(multipart!.body).toContain('fake-jpeg');
  });

  it('hides the query string in failures, and returns text bodies and empty bodies as they are', async () => {
    server.script('/secret', { status: 400, body: 'plain words' });
    const failure = await failureOf(
      http.send({ api: 'test', method: 'GET', url: server.url('/secret'), query: { api_key: 'do-not-log' } }),
    );
    expect((failure as Error).message).not.toContain('do-not-log');
    expect(failure).toMatchObject({ status: 400, body: 'plain words' });

    server.script('/empty', { status: 204 });
    expect((await http.send({ api: 'test', method: 'DELETE', url: server.url('/empty') })).body).toBeUndefined();
  });

  it("throws the caller's abort reason, not an outbound failure, when the caller cancels", async () => {
    server.script('/long', { status: 200, delayMs: 500 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    const failure = await failureOf(
      http.send({ api: 'test', method: 'GET', url: server.url('/long'), signal: controller.signal }),
    );
    expect(failure).toEqual(new Error('shutting down'));
  });
});

function tokens(first: string, afterRefresh: string): OAuthTokenSource & { refreshes: number } {
  const source = {
    refreshes: 0,
    token: async () => first,
    refresh: async () => {
      source.refreshes += 1;
      return afterRefresh;
    },
  };
  return source;
}
