import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CoreModule,
  OutboundHttp,
  OutboundHttpSettings,
  OutboundRateLimited,
  OutboundRequest,
  OutboundResponse,
  SecretBox,
} from '@stoflow/core';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { ScriptedServer } from '../../libs/core/src/outbound/scripted-server.fixture';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The token bucket of OutboundHttp against the real Redis: two clients on two connections stand for two worker
 * processes, and must share one budget per (API, account).
 */
describe('OutboundHttp rate limits across processes', () => {
  const prefix = `${process.env.QUEUE_PREFIX ?? 'stoflow-test'}:outbound-spec:${randomUUID()}`;
  const connections = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
  let server: ScriptedServer;

  const clients = (maxRateLimitWaitMs: number): OutboundHttp[] =>
    connections.map(
      (redis) => new OutboundHttp(redis, new OutboundHttpSettings({ redisKeyPrefix: prefix, maxRateLimitWaitMs })),
    );

  beforeAll(async () => {
    Logger.overrideLogger(false);
    server = await ScriptedServer.start();
    // Until a connection is ready the limiter falls back to a per-process budget; the spec is about the shared one.
    await Promise.all(connections.map((redis) => redis.ping()));
  });

  afterAll(async () => {
    const keys = await connections[0]!.keys(`${prefix}:*`);
    if (keys.length > 0) await connections[0]!.del(...keys);
    await Promise.all(connections.map((redis) => redis.quit()));
    await server.stop();
  });

  const call = (path: string, account: string, requests: number, perSeconds: number): OutboundRequest => ({
    api: 'spec.listings',
    method: 'GET',
    url: server.url(path),
    rateLimit: { account, requests, perSeconds },
  });

  it('admits no more than the budget from both clients together, and refuses the rest with a retry time', async () => {
    const [a, b] = clients(0);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a! : b!).send(call('/budget', 'account-1', 5, 30))),
    );
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const failure of refused) {
      expect(failure).toBeInstanceOf(OutboundRateLimited);
      expect(failure).toMatchObject({ kind: 'rate-limited', status: undefined });
      expect((failure as OutboundRateLimited).retryAfterMs).toBeGreaterThan(0);
    }
    expect(server.hits('/budget')).toHaveLength(5);

    // Another account of the same API has a budget of its own.
    await expect(a!.send(call('/budget', 'account-2', 5, 30))).resolves.toMatchObject({ status: 200 });
    await Promise.all([a!.onApplicationShutdown(), b!.onApplicationShutdown()]);
  });

  it('delays the calls over budget until the next window instead of failing them', async () => {
    const [a, b] = clients(10_000);
    const responses: OutboundResponse<unknown>[] = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a! : b!).send(call('/paced', 'account-1', 4, 1))),
    );
    const immediate = responses.filter((r) => r.rateLimitWaitMs === 0);
    const delayed = responses.filter((r) => r.rateLimitWaitMs > 0);
    expect(immediate).toHaveLength(4);
    expect(delayed).toHaveLength(2);
    expect(server.hits('/paced')).toHaveLength(6);
    await Promise.all([a!.onApplicationShutdown(), b!.onApplicationShutdown()]);
  });
});

describe('SecretBox and OutboundHttp in the core module', () => {
  let app: INestApplicationContext;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(CoreModule.forRoot({ app: 'cli' }), { logger: false });
  });
  afterAll(() => app.close());

  it('are provided, with the key of the test environment and the Redis prefix of the run', () => {
    const secrets = app.get(SecretBox);
    expect(secrets.open(secrets.seal('refresh-token', 'ebay:connection:1'), 'ebay:connection:1')).toBe('refresh-token');
    expect(app.get(OutboundHttp)).toBeInstanceOf(OutboundHttp);
    expect(app.get(OutboundHttpSettings).redisKeyPrefix).toBe(`${process.env.QUEUE_PREFIX}:outbound`);
  });
});
