/**
 * Plugin dispatch figures (loopback only, bounded): enqueue → long-poll receive latency (p50/p99 over 1,000
 * tasks, one extension, then 50 extensions of different users) next to a Redis publish → subscribe baseline
 * measured in the same run; claim throughput through the API next to a raw `SKIP LOCKED` claim loop via `pg`.
 * Runs on a fresh database (dropped at the end), like the e2e suite. `npm run bench:plugin-dispatch`
 */
import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { quotedTenantSchema, RedisClient } from '@stoflow/core';
import autocannon from 'autocannon';
import { join } from 'node:path';
import { Client } from 'pg';
import { PluginSettings } from '../../libs/vinted/src/plugin/plugin-settings';
import { TaskWakeUps } from '../../libs/vinted/src/plugin/tasks/task-wake-ups';
import { FakeExtension } from '../../test/fakes/extension/extension';
import { startApi } from '../../test/helpers/apps';
import { register } from '../../test/helpers/auth';
import { sql } from '../../test/helpers/tenants';
import { dispatch } from '../../test/vinted/plugin-helpers';
import { createTestDatabase } from '../../test/setup/test-database-migrate';
import { dropDatabaseAndRoles } from '../../test/setup/test-database';

const TASKS = 1000;
const USERS = 50;
const CLAIM_TASKS = 4000;
const CLAIMERS = 8;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setImmediate(r));
};

async function redisBaseline(app: NestFastifyApplication): Promise<number[]> {
  const pub = app.get(RedisClient);
  const sub = pub.duplicate({ enableReadyCheck: false });
  let resolve: (() => void) | undefined;
  sub.on('message', () => resolve?.());
  await sub.subscribe('bench:baseline');
  const samples: number[] = [];
  for (let i = 0; i < TASKS; i += 1) {
    const got = new Promise<void>((r) => (resolve = r));
    const t0 = performance.now();
    await pub.publish('bench:baseline', String(i));
    await got;
    samples.push(performance.now() - t0);
  }
  await sub.quit();
  return samples;
}

async function oneExtension(app: NestFastifyApplication, base: string): Promise<number[]> {
  const user = await register(app);
  const ext = await FakeExtension.pair({ api: base }, user.accessToken);
  const waiters = app.get(TaskWakeUps);
  const samples: number[] = [];
  for (let i = 0; i < TASKS; i += 1) {
    const poll = ext.poll(25, 1);
    await until(() => waiters.stats().listeners === 1);
    const t0 = performance.now();
    await dispatch(app, user.id);
    const { tasks } = await poll;
    samples.push(ext.received.at(-1)!.at - t0);
    await ext.postResult(tasks[0].id, { attempt: tasks[0].attempt, ok: true, status: 200 });
  }
  return samples;
}

/**
 * 50 extensions of different users, all long-polling; tasks are enqueued one after another, round-robin over the
 * users: the latency of the wake-up path when 50 polls wait (each on its own Redis channel).
 */
async function manyExtensions(app: NestFastifyApplication, base: string): Promise<number[]> {
  const users = await Promise.all(Array.from({ length: USERS }, () => register(app)));
  const exts = await Promise.all(users.map((u) => FakeExtension.pair({ api: base }, u.accessToken)));
  const waiters = app.get(TaskWakeUps);
  const polls = exts.map((ext) => ext.poll(25, 1));
  const samples: number[] = [];
  for (let i = 0; i < TASKS; i += 1) {
    const u = i % USERS;
    await until(() => waiters.stats().listeners === USERS);
    const t0 = performance.now();
    await dispatch(app, users[u].id);
    const { tasks } = await polls[u];
    samples.push(exts[u].received.at(-1)!.at - t0);
    await exts[u].postResult(tasks[0].id, { attempt: tasks[0].attempt, ok: true, status: 200 });
    polls[u] = exts[u].poll(25, 1);
  }
  await until(() => waiters.stats().listeners === USERS);
  // Release the polls still open: one last task each.
  await Promise.all(users.map((user) => dispatch(app, user.id)));
  await Promise.all(polls);
  return samples;
}

/** The same 50 extensions, all 50 tasks enqueued at once per round: queueing on this machine's two cores. */
async function burstOfFifty(app: NestFastifyApplication, base: string): Promise<number[]> {
  const users = await Promise.all(Array.from({ length: USERS }, () => register(app)));
  const exts = await Promise.all(users.map((u) => FakeExtension.pair({ api: base }, u.accessToken)));
  const waiters = app.get(TaskWakeUps);
  const samples: number[] = [];
  for (let round = 0; round < TASKS / USERS; round += 1) {
    const polls = exts.map((ext) => ext.poll(25, 1));
    await until(() => waiters.stats().listeners === USERS);
    await Promise.all(
      users.map(async (user, i) => {
        const t0 = performance.now();
        await dispatch(app, user.id);
        const { tasks } = await polls[i];
        samples.push(exts[i].received.at(-1)!.at - t0);
        await exts[i].postResult(tasks[0].id, { attempt: tasks[0].attempt, ok: true, status: 200 });
      }),
    );
  }
  return samples;
}

/**
 * Claims per second, read from the claim stamps the database wrote (`claimed_at = now()` of each claim's own
 * transaction): (claims − 1) / (last − first). The API run and the raw loop are measured the same way, so neither
 * figure counts its client's start-up or stop (autocannon, for one, only stops at its next sampling tick).
 */
async function claimRate(app: NestFastifyApplication, table: string): Promise<{ claimed: number; perSecond: number }> {
  const [{ n, span }] = await sql(app).execute<{ n: number; span: number }[]>(
    `select count(*)::int as n, extract(epoch from max(claimed_at) - min(claimed_at))::float8 as span
       from ${table} where status = 'processing'`,
  );
  return { claimed: n, perSecond: (n - 1) / span };
}

/**
 * Claims through the API: CLAIMERS connections, each with the plugin token of its own paired extension, polling
 * with wait=0. autocannon is the client and runs in a worker thread of its own, so the load generator's parsing
 * and bookkeeping do not run on the API's event loop. Exactly as many requests as it takes to empty the queue;
 * every one must be a 200 carrying `max` tasks.
 */
async function apiClaims(
  app: NestFastifyApplication,
  base: string,
  max: number,
): Promise<{ perSecond: number; tenant: number }> {
  const user = await register(app);
  const exts = await Promise.all(
    Array.from({ length: CLAIMERS }, () => FakeExtension.pair({ api: base }, user.accessToken)),
  );
  for (let i = 0; i < CLAIM_TASKS; i += 100) {
    await Promise.all(Array.from({ length: 100 }, () => dispatch(app, user.id)));
  }
  process.env.BENCH_PLUGIN_TOKENS = JSON.stringify(exts.map((ext) => ext.token));
  const result = await autocannon({
    url: `${base}/api/plugin/tasks?wait=0&max=${max}`,
    connections: CLAIMERS,
    amount: CLAIM_TASKS / max,
    workers: 1,
    setupClient: join(__dirname, 'claim-connection.ts'),
  });
  const { claimed, perSecond } = await claimRate(app, `${quotedTenantSchema(user.id)}.plugin_tasks`);
  if (result.non2xx > 0 || result.errors > 0 || claimed !== CLAIM_TASKS) {
    throw new Error(`claimed ${claimed} of ${CLAIM_TASKS} (${result.non2xx} non-2xx, ${result.errors} errors)`);
  }
  return { perSecond, tenant: user.id };
}

/** The same rows and the same claim statement shape, autocommit, straight through `pg`. */
async function rawClaims(app: NestFastifyApplication, tenant: number): Promise<number> {
  const url = process.env.DATABASE_URL!;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query('drop table if exists public.bench_raw_tasks');
  await admin.query(`create table public.bench_raw_tasks (like "user_${tenant}".plugin_tasks including all)`);
  await admin.query(
    `insert into public.bench_raw_tasks (id, method, url, timeout_ms, deadline, created_at)
     select gen_random_uuid(), 'GET', '/api/v2/users/current', 30000, now() + interval '1 hour', clock_timestamp()
       from generate_series(1, $1)`,
    [CLAIM_TASKS],
  );
  const clients = await Promise.all(
    Array.from({ length: CLAIMERS }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  await Promise.all(
    clients.map(async (c) => {
      for (;;) {
        const { rowCount } = await c.query(
          `with picked as (select id from public.bench_raw_tasks where status = 'pending' and deadline > now()
                            order by created_at, id for update skip locked limit 1)
           update public.bench_raw_tasks t set status = 'processing', attempt = t.attempt + 1, device_id = gen_random_uuid(),
                  claimed_at = now(), lease_until = now() + interval '40 seconds', updated_at = now()
             from picked where t.id = picked.id returning t.id, t.attempt, t.method, t.url, t.headers, t.body, t.timeout_ms`,
        );
        if (!rowCount) return;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  const { claimed, perSecond } = await claimRate(app, 'public.bench_raw_tasks');
  await admin.query('drop table public.bench_raw_tasks');
  await admin.end();
  if (claimed !== CLAIM_TASKS) throw new Error(`raw loop claimed ${claimed} of ${CLAIM_TASKS}`);
  return perSecond;
}

async function main(): Promise<void> {
  await createTestDatabase();
  // Every user registers and pairs from loopback: the per-IP limits would stop the run early.
  Object.assign(process.env, { REGISTER_LIMIT_PER_IP: '1000000', PAIRING_LIMIT_PER_IP: '1000000' });
  const app = await startApi();
  try {
    // Pacing is a deliberate wait between one account's calls; this bench measures the bridge itself.
    app.get(PluginSettings).pacing = null;
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const baseline = await redisBaseline(app);
    const one = await oneExtension(app, base);
    const many = await manyExtensions(app, base);
    const burst = await burstOfFifty(app, base);
    const b50 = pct(baseline, 50);
    console.log(`Redis publish → subscribe baseline: p50 ${fmt(b50)}  p99 ${fmt(pct(baseline, 99))}`);
    for (const [label, xs] of [
      ['1 extension', one],
      [`${USERS} extensions (users) waiting, tasks one after another`, many],
    ] as const) {
      const p50 = pct(xs, 50);
      console.log(
        `enqueue → poll receive, ${label}: p50 ${fmt(p50)}  p99 ${fmt(pct(xs, 99))}  ` +
          `p50 / baseline ${(p50 / b50).toFixed(1)}×  goal p50 ≤ 3×baseline + 5 ms = ${fmt(3 * b50 + 5)}: ${p50 <= 3 * b50 + 5 ? 'met' : 'missed'}`,
      );
    }
    console.log(
      `enqueue → poll receive, ${USERS} tasks enqueued at once for ${USERS} extensions: p50 ${fmt(pct(burst, 50))}  ` +
        `p99 ${fmt(pct(burst, 99))}  (a burst: the API and the ${USERS} clients share this process and its two cores)`,
    );
    // Throughput of claiming, without the one-task-per-user cap (the cap is a pacing rule, not a cost).
    app.get(PluginSettings).maxProcessingPerUser = null;
    const api1 = await apiClaims(app, base, 1);
    const api5 = await apiClaims(app, base, 5);
    const raw = await rawClaims(app, api1.tenant);
    console.log(`raw SKIP LOCKED claim loop (pg, ${CLAIMERS} clients, 1 per claim): ${raw.toFixed(0)} tasks/s`);
    console.log(
      `API long-poll claims (${CLAIMERS} extensions, max=1): ${api1.perSecond.toFixed(0)} tasks/s = ${((100 * api1.perSecond) / raw).toFixed(0)}% of raw (goal ≥ 50%)`,
    );
    console.log(
      `API long-poll claims (${CLAIMERS} extensions, max=5): ${api5.perSecond.toFixed(0)} tasks/s = ${((100 * api5.perSecond) / raw).toFixed(0)}% of raw`,
    );
  } finally {
    await app.close();
    await dropDatabaseAndRoles(process.env.STOFLOW_TEST_DATABASE!);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
