import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisClient } from '@stoflow/core';
import { request } from 'node:http';
import { startWorker } from '../helpers/apps';
import { dispatch, listeningApi, pairedUser, sleep, task, until, wakeUps } from './plugin-helpers';

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

  it('leaves no listener or subscription behind after 1,000 polls are opened and dropped', async () => {
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
  });

  it('ends waiting polls with 204 on shutdown, without holding the shutdown up', async () => {
    const other = await listeningApi(true);
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
