import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, request, Server } from 'node:http';
import { Client } from 'pg';
import { sql } from '../helpers/tenants';
import { DueTenants } from '../../libs/vinted/src/plugin/tasks/due-tenants';
import {
  cancel,
  dispatch,
  listeningApi,
  pairedUser,
  resend,
  settings,
  sleep,
  sweep,
  task,
  until,
} from './plugin-helpers';

/** The outbox rows a task raised, oldest first. */
async function eventsOf(app: NestFastifyApplication, taskId: string) {
  const rows = await sql(app).execute<{ type: string; payload: Record<string, unknown> }[]>(
    "select type, payload from public.outbox_events where aggregate_type = 'plugin-task' and aggregate_id = ? order by id",
    [taskId],
  );
  return rows.map((r) => ({ type: r.type, ...r.payload }) as { type: string; [field: string]: unknown });
}

describe('plugin tasks: claim, lease, results', () => {
  let app: NestFastifyApplication;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await listeningApi());
  });
  afterAll(() => app.close());
  afterEach(() => {
    Object.assign(settings(app), { maxProcessingPerUser: 1, leaseGraceMs: 10_000 });
  });

  it('validates wait and max', async () => {
    const { ext } = await pairedUser(app, base);
    for (const query of ['wait=31', 'wait=-1', 'wait=abc', 'max=0', 'max=21', 'other=1']) {
      const res = await fetch(`${base}/api/plugin/tasks?${query}`, {
        headers: { authorization: `Bearer ${ext.token}` },
      });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });

  it('answers 204 after `wait` seconds when nothing comes, and at once when a task is ready', async () => {
    const { id, ext } = await pairedUser(app, base);
    let started = Date.now();
    expect((await ext.poll(1)).status).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    const taskId = await dispatch(app, id, { method: 'POST', url: '/api/v2/items/1/delete', headers: { 'x-a': 'b' } });
    started = Date.now();
    const { status, tasks } = await ext.poll(25);
    expect(Date.now() - started).toBeLessThan(500);
    expect(status).toBe(200);
    expect(tasks).toEqual([
      {
        id: taskId,
        attempt: 1,
        method: 'POST',
        url: '/api/v2/items/1/delete',
        headers: { 'x-a': 'b' },
        body: null,
        timeoutMs: 30_000,
      },
    ]);
    const row = await task(app, id, taskId);
    expect(row).toMatchObject({ status: 'processing', attempt: 1 });
    // The lease is the task's timeout plus the grace.
    const lease = Date.parse(row.leaseUntil!) - Date.parse(row.claimedAt!);
    expect(lease).toBe(30_000 + settings(app).leaseGraceMs);
  });

  it('hands out photo URLs absolute on the origin the extension used, also behind a proxy', async () => {
    const { id, ext } = await pairedUser(app, base);
    const photo = (url: string) => ({
      method: 'POST' as const,
      url: '/api/v2/photos',
      body: {
        multipart: {
          fields: { 'photo[type]': 'item' },
          files: [{ field: 'photo[file]', url, filename: '1.jpg', contentType: 'image/jpeg' }],
        },
      },
    });
    const urlsOf = (tasks: { body: unknown }[]) =>
      tasks.map((t) => (t.body as { multipart: { files: { url: string }[] } }).multipart.files[0].url);

    const direct = await dispatch(app, id, photo('/media/abc.sig'));
    const first = await ext.poll(5);
    expect(first.tasks.map((t) => t.id)).toEqual([direct]);
    expect(urlsOf(first.tasks)).toEqual([`${base}/media/abc.sig`]);
    // The stored task keeps what the backend wrote: only what goes to the extension is made absolute.
    expect((await task(app, id, direct)).body).toEqual(photo('/media/abc.sig').body);
    await ext.postResult(direct, { attempt: 1, ok: true, status: 200, body: {} });

    await dispatch(app, id, photo('/media/def.sig'));
    const proxied = await fetch(`${base}/api/plugin/tasks?wait=5`, {
      headers: {
        authorization: `Bearer ${ext.token}`,
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.stoflow.example',
      },
    });
    expect(urlsOf(((await proxied.json()) as { tasks: { body: unknown }[] }).tasks)).toEqual([
      'https://api.stoflow.example/media/def.sig',
    ]);
  });

  it('wakes a waiting poll within milliseconds of the dispatch', async () => {
    const { id, ext } = await pairedUser(app, base);
    const poll = ext.poll(20);
    await sleep(300);
    const sent = performance.now();
    const taskId = await dispatch(app, id);
    const { tasks } = await poll;
    expect(tasks.map((t) => t.id)).toEqual([taskId]);
    expect(ext.received[0].at - sent).toBeLessThan(100);
  });

  it('hands one task at a time per user by default, the next once the first is answered', async () => {
    const { id, ext } = await pairedUser(app, base);
    const ids = [await dispatch(app, id), await dispatch(app, id), await dispatch(app, id)];
    const first = await ext.poll(0, 5);
    expect(first.tasks.map((t) => t.id)).toEqual([ids[0]]);
    expect((await ext.poll(0, 5)).status).toBe(204);
    // A second poll waits, and is woken when the first task's result frees the slot.
    const waiting = ext.poll(10, 5);
    await sleep(100);
    expect((await ext.postResult(ids[0], { attempt: 1, ok: true, status: 200, body: { id: 1 } })).status).toBe(200);
    expect((await waiting).tasks.map((t) => t.id)).toEqual([ids[1]]);
  });

  it('never gives a task to two extensions (SKIP LOCKED), with the per-user cap lifted', async () => {
    settings(app).maxProcessingPerUser = null;
    const user = await pairedUser(app, base);
    const { FakeExtension } = await import('../fakes/extension/extension');
    const second = await FakeExtension.pair({ api: base }, user.accessToken, 'second');
    const polls = [user.ext, second].flatMap((ext) => Array.from({ length: 5 }, () => ext.poll(3, 2)));
    await sleep(200);
    const ids = await Promise.all(Array.from({ length: 20 }, () => dispatch(app, user.id)));
    const got: string[] = [];
    for (const result of await Promise.all(polls)) got.push(...result.tasks.map((t) => t.id));
    // Whatever the polls did not take is still there for the next ones.
    for (;;) {
      const more = await user.ext.poll(0, 20);
      if (more.tasks.length === 0) break;
      got.push(...more.tasks.map((t) => t.id));
    }
    expect(got.sort()).toEqual([...ids].sort());
  });

  it('tells the sweeper when the first lease of each tenant runs out, also from a process that is shutting down', async () => {
    settings(app).maxProcessingPerUser = null;
    const due = app.get(DueTenants);
    const [a, b] = [await pairedUser(app, base), await pairedUser(app, base)];
    const [a5, a2] = [await dispatch(app, a.id, { timeoutMs: 5000 }), await dispatch(app, a.id, { timeoutMs: 2000 })];
    const b3 = await dispatch(app, b.id, { timeoutMs: 3000 });
    // The dispatches marked the tasks' deadlines (minutes away); the claims' leases fall due sooner.
    const deadlineA = (await due.score(a.id))!;
    expect(deadlineA).toBeGreaterThan(Date.now() + 60_000);
    // Three claims at once: their marks go to Redis together, each tenant's earliest lease kept.
    await Promise.all([a.ext.poll(0, 1), a.ext.poll(0, 1), b.ext.poll(0, 1)]);
    const leaseEnd = async (userId: number, taskId: string) =>
      Date.parse((await task(app, userId, taskId)).leaseUntil!);
    const [leaseA, leaseB] = [Math.min(await leaseEnd(a.id, a5), await leaseEnd(a.id, a2)), await leaseEnd(b.id, b3)];
    // The two claims of `a` may reach Redis in two batches: each tenant's mark comes down to its earliest lease
    // (a later lease never raises it), reckoned from the answer's clock: close to the lease the database wrote.
    await until(
      async () => (await due.score(a.id))! - leaseA < 1000 && (await due.score(b.id))! - leaseB < 1000,
      "each tenant's earliest lease",
    );
    expect((await due.score(a.id))! - leaseA).toBeGreaterThanOrEqual(-50);
    expect((await due.score(b.id))! - leaseB).toBeGreaterThanOrEqual(-50);

    // A mark still gathered when its process shuts down is written before Redis closes.
    const other = await listeningApi(true);
    settings(other.app).leaseMarkBatchMs = 60_000;
    const c = await pairedUser(other.app, other.base);
    const c4 = await dispatch(other.app, c.id, { timeoutMs: 4000 });
    await due.forget(c.id);
    expect((await c.ext.poll(0, 1)).tasks.map((t) => t.id)).toEqual([c4]);
    await sleep(100);
    expect(await due.score(c.id)).toBeUndefined();
    await other.app.close();
    expect((await due.score(c.id))! - (await leaseEnd(c.id, c4))).toBeGreaterThanOrEqual(-50);
    expect((await due.score(c.id))! - (await leaseEnd(c.id, c4))).toBeLessThan(1000);
  });

  it('is idempotent by (task, attempt), raises one event, and refuses a result that is not the holder’s', async () => {
    const a = await pairedUser(app, base);
    const { FakeExtension } = await import('../fakes/extension/extension');
    const aSecond = await FakeExtension.pair({ api: base }, a.accessToken, 'second');
    const b = await pairedUser(app, base);
    const taskId = await dispatch(app, a.id, { jobId: '11111111-1111-4111-8111-111111111111', step: 'create-item' });

    // B's extension never sees A's task.
    expect((await b.ext.poll(0)).status).toBe(204);
    const [claimed] = (await a.ext.poll(0)).tasks;
    expect(claimed.id).toBe(taskId);

    const result = { attempt: 1, ok: true, status: 200, body: { item: { id: 42 } } };
    expect((await b.ext.postResult(taskId, result)).status).toBe(404);
    expect((await aSecond.postResult(taskId, result)).status).toBe(409);
    expect((await a.ext.postResult(taskId, { ...result, attempt: 2 })).status).toBe(409);

    expect((await a.ext.postResult(taskId, result)).status).toBe(200);
    const once = await task(app, a.id, taskId);
    expect((await a.ext.postResult(taskId, result)).status).toBe(200);
    expect(await task(app, a.id, taskId)).toEqual(once);
    expect(once).toMatchObject({
      status: 'completed',
      result: { attempt: 1, ok: true, status: 200, body: { item: { id: 42 } } },
    });
    expect(await eventsOf(app, taskId)).toEqual([
      expect.objectContaining({
        type: 'vinted.plugin-task-completed',
        tenantId: a.id,
        taskId,
        jobId: '11111111-1111-4111-8111-111111111111',
        step: 'create-item',
        attempt: 1,
        status: 200,
        body: { item: { id: 42 } },
      }),
    ]);
  });

  it('records a failure and raises PluginTaskFailed', async () => {
    const { id, ext } = await pairedUser(app, base);
    const taskId = await dispatch(app, id);
    await ext.poll(0);
    const res = await ext.postResult(taskId, {
      attempt: 1,
      ok: false,
      status: 403,
      body: '<html>captcha-delivery</html>',
      error: { code: 'HTTP_ERROR', message: 'Forbidden' },
    });
    expect(res.status).toBe(200);
    expect(await task(app, id, taskId)).toMatchObject({ status: 'failed', result: { ok: false, status: 403 } });
    expect(await eventsOf(app, taskId)).toEqual([
      expect.objectContaining({
        type: 'vinted.plugin-task-failed',
        reason: 'error',
        status: 403,
        error: { code: 'HTTP_ERROR', message: 'Forbidden' },
      }),
    ]);
    const bad = await ext.postResult(taskId, { attempt: 1, ok: 'yes', status: 200 } as never);
    expect(bad.status).toBe(400);
  });

  it('refuses a result after the lease, times the task out, and re-dispatches it as a new attempt', async () => {
    settings(app).leaseGraceMs = 0;
    const { id, ext } = await pairedUser(app, base);
    const taskId = await dispatch(app, id, { timeoutMs: 1000 });
    expect((await ext.poll(0)).tasks[0]).toMatchObject({ id: taskId, attempt: 1 });
    await sleep(1100);
    // The stale lease does not block the user's slot, and the task is not handed out again.
    expect((await ext.poll(0)).status).toBe(204);
    expect((await ext.postResult(taskId, { attempt: 1, ok: true, status: 200 })).status).toBe(409);
    expect(await task(app, id, taskId)).toMatchObject({ status: 'timeout', attempt: 1, result: null });

    expect(await resend(app, id, taskId)).toBe(true);
    settings(app).leaseGraceMs = 10_000;
    // The timeout ended a call on the account: the next one waits for the pacing gap, which the poll sits out.
    expect((await ext.poll(5)).tasks[0]).toMatchObject({ id: taskId, attempt: 2 });
    expect((await ext.postResult(taskId, { attempt: 1, ok: true, status: 200 })).status).toBe(409);
    expect((await ext.postResult(taskId, { attempt: 2, ok: true, status: 200 })).status).toBe(200);
    expect((await eventsOf(app, taskId)).map((e) => [e.type, e.attempt])).toEqual([
      ['vinted.plugin-task-failed', 1],
      ['vinted.plugin-task-completed', 2],
    ]);
    // Only failed or timed-out tasks may be sent again.
    expect(await resend(app, id, taskId)).toBe(false);
  });

  it('gives the tasks of a poll cut before its answer left back to the queue at once', async () => {
    const { id, ext } = await pairedUser(app, base);
    const taskId = await dispatch(app, id);
    // Hold the account row the claim locks first: the poll's claim waits while its client goes away.
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(`select 1 from user_${id}.vinted_account where id = 1 for update`);
      const cut = request(`${base}/api/plugin/tasks?wait=5&max=1`, {
        headers: { authorization: `Bearer ${ext.token}` },
      });
      cut.on('error', () => undefined);
      cut.end();
      await until(async () => {
        const { rows } = await blocker.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))',
        );
        return rows[0].n > 0;
      }, 'the claim waiting on the account row');
      cut.destroy();
      await sleep(100);
      await blocker.query('commit');
    } finally {
      await blocker.end();
    }
    // Claimed as attempt 1 by the cut poll, then released: pending again, not held for its lease.
    await until(async () => {
      const { status, attempt } = await task(app, id, taskId);
      return status === 'pending' && attempt === 1;
    }, 'the task claimed, then released');
    expect(await task(app, id, taskId)).toMatchObject({ status: 'pending', attempt: 1, deviceId: null });
    expect((await ext.poll(5)).tasks[0]).toMatchObject({ id: taskId, attempt: 2 });
    expect((await ext.postResult(taskId, { attempt: 1, ok: true, status: 200 })).status).toBe(409);
    expect((await ext.postResult(taskId, { attempt: 2, ok: true, status: 200 })).status).toBe(200);
  });

  it('never hands out a task past its deadline; the sweeper marks it and expired leases as timeout', async () => {
    settings(app).leaseGraceMs = 0;
    const { id, ext } = await pairedUser(app, base);
    const stale = await dispatch(app, id, { deadline: new Date(Date.now() + 300) });
    const leased = await dispatch(app, id, { timeoutMs: 1000, deadline: new Date(Date.now() + 60_000) });
    await sleep(350);
    expect((await ext.poll(0)).tasks.map((t) => t.id)).toEqual([leased]);
    let report = await sweep(app);
    expect(report.timedOut).toBeGreaterThanOrEqual(1);
    expect(await task(app, id, stale)).toMatchObject({ status: 'timeout', attempt: 0 });
    expect(await task(app, id, leased)).toMatchObject({ status: 'processing' });
    await sleep(1100);
    report = await sweep(app);
    expect(await task(app, id, leased)).toMatchObject({ status: 'timeout', attempt: 1 });
    expect((await ext.postResult(leased, { attempt: 1, ok: true, status: 200 })).status).toBe(409);
    expect((await eventsOf(app, stale)).map((e) => [e.type, e.reason])).toEqual([
      ['vinted.plugin-task-failed', 'timeout'],
    ]);
    expect((await eventsOf(app, leased)).map((e) => [e.type, e.reason])).toEqual([
      ['vinted.plugin-task-failed', 'timeout'],
    ]);
  });

  it('never hands out a cancelled task, and refuses its result', async () => {
    const { id, ext } = await pairedUser(app, base);
    const pending = await dispatch(app, id);
    expect((await cancel(app, id, [pending])).cancelled).toEqual([pending]);
    expect((await ext.poll(0)).status).toBe(204);

    const running = await dispatch(app, id);
    expect((await ext.poll(0)).tasks.map((t) => t.id)).toEqual([running]);
    await cancel(app, id, [running]);
    expect((await ext.postResult(running, { attempt: 1, ok: true, status: 200 })).status).toBe(409);
    expect(await task(app, id, running)).toMatchObject({ status: 'cancelled', result: null });
    // A cancelled task cannot be cancelled again, nor sent again.
    expect((await cancel(app, id, [running])).cancelled).toEqual([]);
  });

  describe('with the extension simulator against a loopback "Vinted"', () => {
    let vinted: Server;
    const calls: { method: string; url: string; body: string; csrf?: string }[] = [];
    beforeAll(async () => {
      vinted = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          calls.push({ method: req.method!, url: req.url!, body, csrf: req.headers['x-csrf-token'] as string });
          if (req.url === '/api/v2/captcha') {
            res.writeHead(403, { 'content-type': 'text/html' }).end('<html>captcha-delivery</html>');
            return;
          }
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ item: { id: calls.length } }));
        });
      });
      await new Promise<void>((r) => vinted.listen(0, '127.0.0.1', r));
    });
    afterAll(() => new Promise((r) => vinted.close(r)));

    it('runs queued calls and posts their results like the real extension', async () => {
      const address = vinted.address() as { port: number };
      const user = await pairedUser(app, base, `http://127.0.0.1:${address.port}`);
      user.ext.options.sessionHeaders = { 'x-csrf-token': 'csrf' };
      user.ext.start(5);
      try {
        const created = await dispatch(app, user.id, {
          method: 'POST',
          url: '/api/v2/item_upload/items',
          body: { item: { title: 'Jean' } },
        });
        const blocked = await dispatch(app, user.id, { url: '/api/v2/captcha' });
        const { until } = await import('./plugin-helpers');
        await until(async () => (await task(app, user.id, blocked)).status === 'failed', 'both results');
        expect(await task(app, user.id, created)).toMatchObject({
          status: 'completed',
          result: { status: 200, body: { item: { id: expect.any(Number) } } },
        });
        expect(await task(app, user.id, blocked)).toMatchObject({
          result: { ok: false, status: 403, body: '<html>captcha-delivery</html>' },
        });
        expect(calls.slice(-2)).toEqual([
          { method: 'POST', url: '/api/v2/item_upload/items', body: '{"item":{"title":"Jean"}}', csrf: 'csrf' },
          { method: 'GET', url: '/api/v2/captcha', body: '', csrf: 'csrf' },
        ]);
      } finally {
        await user.ext.stop();
      }
    });
  });
});
