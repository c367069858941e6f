import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_STRATEGY, RedisClient } from '@stoflow/core';
import passport from 'passport';
import { request } from 'node:http';
import { startWorker } from '../helpers/apps';
import { bearer, PASSWORD } from '../helpers/auth';
import { dispatch, listeningApi, pairedUser, settings, sleep, task, until, wakeUps } from './plugin-helpers';

describe('plugin long-poll: processes, disconnects, shutdown', () => {
  let app: NestFastifyApplication;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await listeningApi());
  });
  afterAll(() => app.close());

  it('wakes a poll waiting on another API process within milliseconds', async () => {
    const other = await listeningApi(true);
    try {
      const { id, ext } = await pairedUser(app, base);
      const { FakeExtension } = await import('../fakes/extension/extension');
      const onOther = new FakeExtension({ api: other.base }, ext.token);
      const poll = onOther.poll(20);
      await until(() => wakeUps(other.app).stats().listeners === 1, 'the poll to wait on the second process');
      const sent = performance.now();
      const taskId = await dispatch(app, id); // enqueued through the first process
      const { tasks } = await poll;
      const latency = onOther.received[0].at - sent;
      expect(tasks.map((t) => t.id)).toEqual([taskId]);
      expect(latency).toBeLessThan(100);
    } finally {
      await other.app.close();
    }
  });

  it('keeps at most PLUGIN_POLLS_PER_TOKEN (2) polls waiting per token, across processes: the oldest answers 204', async () => {
    const other = await listeningApi(true);
    try {
      const { ext } = await pairedUser(app, base);
      const { FakeExtension } = await import('../fakes/extension/extension');
      const first = new FakeExtension({ api: other.base }, ext.token).poll(25);
      await until(() => wakeUps(other.app).stats().listeners === 1, 'the first poll to wait');
      const second = ext.poll(25);
      await until(() => wakeUps(app).stats().listeners === 1, 'the second poll to wait');
      const started = Date.now();
      const third = ext.poll(5);
      expect((await first).status).toBe(204);
      expect(Date.now() - started).toBeLessThan(2_000);
      await until(() => wakeUps(app).stats().listeners === 2, 'the second and third to keep waiting');
      expect(wakeUps(other.app).stats().listeners).toBe(0);
      const fourth = ext.poll(5);
      expect((await second).status).toBe(204);
      await until(() => wakeUps(app).stats().listeners === 2, 'the third and fourth to keep waiting');
      const { id } = await pairedUser(app, base); // another user's task wakes nobody here
      await dispatch(app, id);
      expect(wakeUps(app).stats().listeners).toBe(2);
      void third;
      void fourth;
    } finally {
      await other.app.close();
    }
    await until(() => wakeUps(app).stats().listeners === 0, 'the remaining polls to end', 10_000);
  });

  it("ends an erased account's waiting polls at once with 401", async () => {
    // The worker's access strategy would replace this API's in passport's global registry: put it back.
    const strategies = (passport as unknown as { _strategies: Record<string, unknown> })._strategies;
    const saved = strategies[ACCESS_STRATEGY];
    const worker = await startWorker();
    strategies[ACCESS_STRATEGY] = saved;
    try {
      const user = await pairedUser(app, base);
      const poll = user.ext.poll(25);
      await until(() => wakeUps(app).stats().listeners === 1, 'the poll to wait');
      const started = Date.now();
      const erased = await app.inject({
        method: 'DELETE',
        url: '/api/auth/me',
        headers: bearer(user.accessToken),
        payload: { password: PASSWORD },
      });
      expect(erased.statusCode).toBe(204);
      expect((await poll).status).toBe(401);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await worker.close();
    }
  });

  it('leaves no listener or subscription behind after 1,000 polls are opened and dropped', async () => {
    settings(app).maxPollsPerDevice = 1000;
    const users = await Promise.all(Array.from({ length: 10 }, () => pairedUser(app, base)));
    const { port } = new URL(base);
    const errors: string[] = [];
    const statuses: number[] = [];
    const requests = Array.from({ length: 1000 }, (_, i) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/api/plugin/tasks?wait=30',
        headers: { authorization: `Bearer ${users[i % users.length].ext.token}` },
        agent: false,
      });
      req.on('error', (e) => errors.push(e.message));
      req.on('response', (r) => {
        statuses.push(r.statusCode!);
        r.on('data', (d: Buffer) => errors.push(d.toString()));
      });
      req.end();
      return req;
    });
    await until(() => wakeUps(app).stats().listeners === 1000, '1,000 waiting polls', 30_000).catch((e) => {
      throw new Error(
        `${e.message}: ${JSON.stringify(wakeUps(app).stats())} ${errors.slice(0, 3).join(' ')} ${statuses.slice(0, 3).join(',')}`,
      );
    });
    expect(wakeUps(app).stats()).toEqual({ listeners: 1000, users: 10, messageHandlers: 1 });
    for (const req of requests) req.destroy();
    await until(() => wakeUps(app).stats().listeners === 0, 'the dropped polls to go', 10_000);
    expect(wakeUps(app).stats()).toEqual({ listeners: 0, users: 0, messageHandlers: 1 });
    const redis = app.get(RedisClient);
    const counts = (await redis.pubsub('NUMSUB', ...users.map((u) => wakeUps(app).channel(u.id)))) as (
      string | number
    )[];
    expect(counts.filter((_, i) => i % 2 === 1).map(Number)).toEqual(users.map(() => 0));
    // And the bridge still works afterwards.
    const taskId = await dispatch(app, users[0].id);
    expect((await users[0].ext.poll(0)).tasks.map((t) => t.id)).toEqual([taskId]);
    settings(app).maxPollsPerDevice = 2;
  });

  it('ends waiting polls with 204 on shutdown, without holding the shutdown up', async () => {
    const other = await listeningApi(true);
    settings(other.app).maxPollsPerDevice = 20;
    const { ext } = await pairedUser(other.app, other.base);
    const { FakeExtension } = await import('../fakes/extension/extension');
    const polls = Array.from({ length: 20 }, () => new FakeExtension({ api: other.base }, ext.token).poll(25));
    await until(() => wakeUps(other.app).stats().listeners === 20, 'waiting polls');
    const started = Date.now();
    await other.app.close();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await Promise.all(polls)).map((p) => p.status)).toEqual(polls.map(() => 204));
  });

  it('runs the sweeper in the worker on its schedule', async () => {
    const { id, ext } = await pairedUser(app, base);
    const stale = await dispatch(app, id, { deadline: new Date(Date.now() + 200) });
    const worker = await startWorker();
    try {
      await sleep(250);
      expect((await ext.poll(0)).status).toBe(204);
      await until(async () => (await task(app, id, stale)).status === 'timeout', 'the sweeper', 15_000);
    } finally {
      await worker.close();
    }
  });
});
