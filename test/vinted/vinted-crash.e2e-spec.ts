import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { ChildApp, killChildren, startChild } from '../helpers/child-app';
import { sql } from '../helpers/tenants';
import { createTestDatabase } from '../setup/test-database-migrate';
import { dropDatabaseAndRoles } from '../setup/test-database';
import { FakeExtension } from '../fakes/extension/extension';
import { PATHS } from '../fakes/vinted/vinted-contract';
import { FakeVinted, FakeVintedCall } from '../fakes/vinted/fake-vinted';
import {
  fastSaga,
  getJob,
  JobBody,
  listableProduct,
  publishOne,
  until,
  vintedSeller,
  VintedSeller,
  waitForJob,
} from './jobs-helpers';
import { listeningApi, sleep, task } from './plugin-helpers';

const { photos: PHOTOS, items: ITEMS } = PATHS;

/**
 * The claim of README "Vinted": all state is in rows, so a worker or an API process killed at any step leaves a job
 * that resumes from its last recorded step, with no second Vinted item. Here the worker and the extension's API run
 * as child processes and are SIGKILLed (no shutdown hook, nothing flushed) at chosen points of a publish. The jest
 * process keeps an API of its own for the dashboard's calls (seller, products, publish, job state); it runs no
 * saga work.
 */
describe('Vinted jobs across real crashes: SIGKILLed worker and API processes', () => {
  // A database (and queues) of its own: the outbox relay is database-wide, so the in-process workers of the suites
  // running beside this one would otherwise relay its answers while its worker is dead.
  const shared = { ...process.env };
  let app: NestFastifyApplication;
  let base: string;
  let vinted: FakeVinted;
  const extensions: FakeExtension[] = [];

  beforeAll(async () => {
    await createTestDatabase();
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi());
    fastSaga(app);
  });
  afterEach(async () => {
    await Promise.all(extensions.splice(0).map((ext) => ext.stop()));
    vinted.clearFaults();
    // Every process that stopped did so because a test killed it.
    const diedOnTheirOwn = (await killChildren()).map((child) => `${child.kind} ${child.pid}`);
    expect(diedOnTheirOwn).toEqual([]);
  });
  afterAll(async () => {
    await killChildren();
    await app?.close();
    await vinted?.close();
    if (process.env.STOFLOW_TEST_DATABASE !== shared.STOFLOW_TEST_DATABASE) {
      await dropDatabaseAndRoles(process.env.STOFLOW_TEST_DATABASE!);
    }
    process.env = shared;
  });

  const worker = () => startChild('worker');

  /** A seller whose extension, paired through `api`, runs tasks; stopped after the test. */
  async function running(api = base): Promise<VintedSeller> {
    const who = await vintedSeller(app, api, vinted);
    extensions.push(who.ext);
    who.ext.start(1);
    return who;
  }

  const photoCalls = (who: VintedSeller): FakeVintedCall[] =>
    vinted.callsFor(who.vintedUserId).filter((c) => c.method === 'POST' && c.path === PHOTOS);
  const creates = (who: VintedSeller): FakeVintedCall[] =>
    vinted.callsFor(who.vintedUserId).filter((c) => c.method === 'POST' && c.path === ITEMS);
  const taskOf = (job: JobBody, step: string) => job.tasks!.find((t) => t.step === step);

  async function killed(child: ChildApp): Promise<void> {
    // It was running until now: the crash is ours.
    expect(child.alive).toBe(true);
    expect(await child.kill()).toEqual({ code: null, signal: 'SIGKILL' });
  }

  function listingOf(who: VintedSeller, productId: string): Promise<string | undefined> {
    return app
      .inject({ method: 'GET', url: `/api/products/${productId}`, headers: who.headers })
      .then((res) => res.json<{ listings: { externalId: string | null }[] }>().listings[0]?.externalId ?? undefined);
  }

  /** When the outbox relay handed the task's answer to the worker's handlers (null: not yet). */
  async function relayedAt(taskId: string): Promise<Date | null> {
    const [row] = await sql(app).execute<{ sent_at: Date | null }[]>(
      `select sent_at from public.outbox_events where type = 'vinted.plugin-task-completed' and aggregate_id = ?`,
      [taskId],
    );
    return row?.sent_at ?? null;
  }

  async function expectListed(who: VintedSeller, productId: string, itemId: number): Promise<void> {
    await until('the listing', async () => (await listingOf(who, productId)) === String(itemId));
  }

  it('a worker SIGKILLed while a photo upload is out resumes after restart: each photo uploaded once, one item', async () => {
    const first = await worker();
    const who = await running();
    vinted.inject(who.vintedUserId, 'slow', { when: { path: PHOTOS }, delayMs: 800, times: Infinity });
    const product = await listableProduct(app, who, 3, { title: 'Killed worker tee' });
    const job = await publishOne(app, who, product.id);

    // The 1st photo is recorded and the 2nd one is at Vinted, its answer held back: the worker dies now.
    await waitForJob(app, who, job.id, (j) => j.progress.done >= 1);
    await until('the 2nd upload at Vinted', () => photoCalls(who).length === 2);
    await killed(first);
    expect(await getJob(app, who, job.id)).toMatchObject({
      status: 'running',
      step: 'upload-photo:1',
      progress: { done: 1, total: 4 },
    });

    // The extension finishes the call it holds and the API records the answer, but no worker takes the next step.
    await until('the 2nd upload answered', () => photoCalls(who)[1].endedAt !== null);
    await until(
      'its result recorded',
      async () => taskOf(await getJob(app, who, job.id), 'upload-photo:1')?.status === 'completed',
    );
    await sleep(500);
    expect(await getJob(app, who, job.id)).toMatchObject({
      status: 'running',
      step: 'upload-photo:1',
      progress: { done: 1 },
    });
    expect(photoCalls(who)).toHaveLength(2);

    await worker();
    const done = await waitForJob(app, who, job.id);
    expect(done).toMatchObject({ status: 'completed', error: null, progress: { done: 4, total: 4 } });
    // Every step ran once: the upload out at the crash was not sent again.
    expect(done.tasks!.map((t) => [t.step, t.status, t.attempt])).toEqual([
      ['upload-photo:0', 'completed', 1],
      ['upload-photo:1', 'completed', 1],
      ['upload-photo:2', 'completed', 1],
      ['create-item', 'completed', 1],
    ]);
    expect(photoCalls(who).map((c) => c.status)).toEqual([200, 200, 200]);
    const items = vinted.items(who.vintedUserId);
    expect(items.map((i) => i.title)).toEqual(['Killed worker tee']);
    expect(items[0].photoIds).toHaveLength(3);
    await expectListed(who, product.id, items[0].id);
  });

  it('a worker SIGKILLed in the middle of a step, its answer already relayed: the sweeper finds the idle job', async () => {
    const first = await worker();
    const who = await running();
    vinted.inject(who.vintedUserId, 'slow', { when: { path: PHOTOS, nth: 2 }, delayMs: 1_500 });
    const product = await listableProduct(app, who, 2, { title: 'Mid-step tee' });
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    let job: JobBody;
    let upload: string;
    try {
      job = await publishOne(app, who, product.id);
      await until('the 2nd upload at Vinted', () => photoCalls(who).length === 2);
      // Hold the job's row while the upload's answer is still at Vinted: the worker's relay takes the answer from
      // the outbox and marks it sent, and the step it starts cannot commit while the row is held. The worker dies
      // in between: the answer is consumed, its step not written.
      await blocker.query('begin');
      const { rows } = await blocker.query<{ step: string; call_id: string }>(
        `select step, call_id from user_${who.id}.marketplace_jobs where id = $1 for update`,
        [job.id],
      );
      expect(rows[0].step).toBe('upload-photo:1');
      upload = rows[0].call_id;
      await until('the answer relayed', async () => (await relayedAt(upload)) !== null);
      await killed(first);
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    // Nothing of the step was written, and the answer will not be relayed again.
    expect(await getJob(app, who, job.id)).toMatchObject({
      status: 'running',
      step: 'upload-photo:1',
      progress: { done: 1, total: 3 },
    });
    expect(await relayedAt(upload)).not.toBeNull();

    await worker();
    const done = await waitForJob(app, who, job.id);
    expect(done).toMatchObject({ status: 'completed', error: null, progress: { done: 3, total: 3 } });
    expect(done.tasks!.map((t) => [t.step, t.status, t.attempt])).toEqual([
      ['upload-photo:0', 'completed', 1],
      ['upload-photo:1', 'completed', 1],
      ['create-item', 'completed', 1],
    ]);
    expect(photoCalls(who).map((c) => c.status)).toEqual([200, 200]);
    expect(creates(who)).toHaveLength(1);
    const items = vinted.items(who.vintedUserId);
    expect(items.map((i) => i.title)).toEqual(['Mid-step tee']);
    expect(items[0].photoIds).toHaveLength(2);
    await expectListed(who, product.id, items[0].id);
  });

  it('a worker SIGKILLed as Vinted receives the create: the answer waits in the rows, one item after restart', async () => {
    const first = await worker();
    const who = await running();
    vinted.inject(who.vintedUserId, 'slow', { when: { method: 'POST', path: ITEMS }, delayMs: 1_000 });
    const product = await listableProduct(app, who, 2, { title: 'Create crash tee' });
    const job = await publishOne(app, who, product.id);

    await until('the create at Vinted', () => creates(who).length === 1);
    await killed(first);
    const atKill = await getJob(app, who, job.id);
    expect(atKill).toMatchObject({ status: 'running', step: 'create-item', progress: { done: 2, total: 3 } });
    expect(taskOf(atKill, 'create-item')?.status).toBe('processing');
    // The item exists on Vinted from now on (its answer is only held back).
    expect(vinted.items(who.vintedUserId)).toHaveLength(1);

    // The answer reaches the API while no worker runs: recorded, not acted on.
    await until(
      'the create result recorded',
      async () => taskOf(await getJob(app, who, job.id), 'create-item')?.status === 'completed',
    );
    await sleep(500);
    expect(await getJob(app, who, job.id)).toMatchObject({ status: 'running', step: 'create-item' });
    expect(await listingOf(who, product.id)).toBeUndefined();

    await worker();
    const done = await waitForJob(app, who, job.id);
    expect(done).toMatchObject({ status: 'completed', error: null, progress: { done: 3, total: 3 } });
    // The recorded answer was used: no wardrobe lookup, no second create.
    expect(done.tasks!.map((t) => [t.step, t.attempt])).toEqual([
      ['upload-photo:0', 1],
      ['upload-photo:1', 1],
      ['create-item', 1],
    ]);
    expect(creates(who)).toHaveLength(1);
    expect(photoCalls(who).map((c) => c.status)).toEqual([200, 200]);
    const items = vinted.items(who.vintedUserId);
    expect(items.map((i) => i.title)).toEqual(['Create crash tee']);
    expect(items[0].photoIds).toHaveLength(2);
    await expectListed(who, product.id, items[0].id);
  });

  it('an API process SIGKILLed while the extension holds the create: the lost answer is found in the wardrobe', async () => {
    await worker();
    // The first API hands the create out with a lease of 5 s (its 30 s timeout, vinted-web.client.ts, minus 25 s)
    // instead of 40 s. The fake Vinted answers it in 1.5 s, so the lease still outlasts the call, as in production.
    const doomed = await startChild('api', { env: { TEST_LEASE_GRACE_MS: '-25000' } });
    const who = await running(doomed.base);
    vinted.inject(who.vintedUserId, 'slow', { when: { method: 'POST', path: ITEMS }, delayMs: 1_500 });
    const product = await listableProduct(app, who, 1, { title: 'API crash tee' });
    const job = await publishOne(app, who, product.id);

    await until('the create at Vinted', () => creates(who).length === 1);
    await killed(doomed);
    const atKill = await getJob(app, who, job.id);
    expect(atKill).toMatchObject({ status: 'running', step: 'create-item' });
    const createTask = taskOf(atKill, 'create-item')!;
    expect(createTask.status).toBe('processing');

    // The extension's call ends at Vinted (the item exists), but its answer has nowhere to go: lost for StoFlow.
    await who.ext.stop();
    const [create] = creates(who);
    expect(create).toMatchObject({ status: 200 });
    expect(create.endedAt).not.toBeNull();
    expect(vinted.items(who.vintedUserId)).toHaveLength(1);
    const lost = await task(app, who.id, createTask.id);
    expect(lost).toMatchObject({ status: 'processing', result: null });
    expect(Date.parse(lost.leaseUntil!)).toBeGreaterThan(create.endedAt!);

    const restarted = await startChild('api');
    const ext = new FakeExtension({ ...who.ext.options, api: restarted.base }, who.ext.token);
    extensions.push(ext);
    ext.start(1);

    const done = await waitForJob(app, who, job.id);
    expect(done).toMatchObject({ status: 'completed', error: null });
    // The lease ran out, the create's outcome was unknown: the wardrobe was read before any second create.
    expect(done.tasks!.map((t) => [t.step, t.status])).toEqual([
      ['upload-photo:0', 'completed'],
      ['create-item', 'timeout'],
      ['reconcile-create', 'completed'],
    ]);
    expect(creates(who)).toHaveLength(1);
    expect(photoCalls(who).map((c) => c.status)).toEqual([200]);
    const items = vinted.items(who.vintedUserId);
    expect(items.map((i) => i.title)).toEqual(['API crash tee']);
    await expectListed(who, product.id, items[0].id);
  });
});
