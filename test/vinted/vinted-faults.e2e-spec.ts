import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JobSettings } from '../../libs/publishing/src/jobs/job-settings';
import { FakeExtension } from '../fakes/extension/extension';
import { PATHS } from '../fakes/vinted/vinted-contract';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import {
  fastSaga,
  getJob,
  JobBody,
  listableProduct,
  publishOne,
  startSagaWorker,
  until,
  vintedSeller,
  VintedSeller,
  waitForJob,
} from './jobs-helpers';
import { listeningApi, sleep } from './plugin-helpers';

const { photos: PHOTOS, items: ITEMS } = PATHS;

describe('Vinted jobs under failure: pauses, back-off, lost answers, cancel, expiry, restart', () => {
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let vinted: FakeVinted;

  beforeAll(async () => {
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi());
    worker = await startSagaWorker();
    fastSaga(app);
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
    await vinted.close();
  });

  /** A fresh seller whose extension runs; stopped after the test. */
  async function running(): Promise<VintedSeller> {
    const who = await vintedSeller(app, base, vinted);
    who.ext.start(1);
    sellers.push(who);
    return who;
  }
  const sellers: VintedSeller[] = [];
  afterEach(async () => {
    await Promise.all(sellers.splice(0).map((s) => s.ext.stop()));
    vinted.clearFaults();
  });

  function connection(who: VintedSeller) {
    return app
      .inject({ method: 'GET', url: '/api/vinted/connection', headers: who.headers })
      .then((r) => r.json<{ queue: { paused: boolean; reason: string | null; backoffUntil: string | null } }>());
  }

  it('a captcha on the 3rd photo pauses the account; nothing is retried until the user resumes', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'captcha', { when: { path: PHOTOS, nth: 3 } });
    const product = await listableProduct(app, who, 4, { title: 'Captcha tee' });
    const job = await publishOne(app, who, product.id);

    const paused = await waitForJob(app, who, job.id, (j) => j.waiting === 'account-paused');
    expect(paused).toMatchObject({ status: 'running', step: 'upload-photo:2', error: { code: 'VINTED_CAPTCHA' } });
    expect(paused.error!.message).toMatch(/captcha/i);
    expect(await connection(who)).toMatchObject({ queue: { paused: true, reason: 'captcha' } });

    // Paused means paused: no call reaches Vinted, however long we wait.
    const calls = vinted.callsFor(who.vintedUserId).length;
    await sleep(1_500);
    expect(vinted.callsFor(who.vintedUserId)).toHaveLength(calls);
    // A heartbeat saying "logged in" does not lift a captcha: only the user does.
    await who.ext.heartbeat({ loggedIn: true, userId: who.vintedUserId });
    await sleep(300);
    expect(vinted.callsFor(who.vintedUserId)).toHaveLength(calls);

    const resumed = await app.inject({ method: 'POST', url: '/api/vinted/connection/resume', headers: who.headers });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json().queue.paused).toBe(false);
    const done = await waitForJob(app, who, job.id);
    expect(done).toMatchObject({ status: 'completed', error: null, progress: { done: 5, total: 5 } });
    expect(vinted.items(who.vintedUserId)).toHaveLength(1);
    expect(vinted.items(who.vintedUserId)[0].photoIds).toHaveLength(4);
    const captchaTask = done.tasks!.find((t) => t.step === 'upload-photo:2')!;
    expect(captchaTask).toMatchObject({ status: 'completed', attempt: 2 });
  });

  it('an expired Vinted session pauses the queue until the extension reports a fresh login', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'session-expired', { when: { method: 'POST', path: ITEMS } });
    const product = await listableProduct(app, who, 1);
    const job = await publishOne(app, who, product.id);
    const paused = await waitForJob(app, who, job.id, (j) => j.waiting === 'account-paused');
    expect(paused.error).toMatchObject({ code: 'VINTED_SESSION_EXPIRED' });
    expect((await connection(who)).queue).toMatchObject({ paused: true, reason: 'session-expired' });

    expect(await who.ext.heartbeat({ loggedIn: true, userId: who.vintedUserId })).toBe(200);
    expect(await waitForJob(app, who, job.id)).toMatchObject({ status: 'completed' });
    expect(vinted.items(who.vintedUserId)).toHaveLength(1);
    expect((await connection(who)).queue.paused).toBe(false);
  });

  it('an extension that sees the Vinted tab logged out holds the queue before any call fails', async () => {
    const who = await running();
    expect(await who.ext.heartbeat({ loggedIn: false })).toBe(200);
    expect((await connection(who)).queue).toMatchObject({ paused: true, reason: 'session-expired' });
    const product = await listableProduct(app, who, 1);
    const job = await publishOne(app, who, product.id);
    await waitForJob(app, who, job.id, (j) => j.step === 'upload-photo:0');
    await sleep(1_000);
    expect(vinted.callsFor(who.vintedUserId)).toEqual([]);
    expect(await who.ext.heartbeat({ loggedIn: true, userId: who.vintedUserId })).toBe(200);
    expect((await waitForJob(app, who, job.id)).status).toBe('completed');
  });

  it('a tab logged in as another Vinted account holds the queue until the right one is back', async () => {
    const who = await running();
    const other = vinted.createAccount({ login: 'someone_else' });
    expect(await who.ext.heartbeat({ loggedIn: true, userId: other.userId, login: other.login })).toBe(200);
    expect((await connection(who)).queue).toMatchObject({ paused: true, reason: 'account-changed' });
    const product = await listableProduct(app, who, 1);
    const job = await publishOne(app, who, product.id);
    await waitForJob(app, who, job.id, (j) => j.step === 'upload-photo:0');
    await sleep(1_000);
    expect(vinted.callsFor(who.vintedUserId)).toEqual([]);
    expect(vinted.callsFor(other.userId)).toEqual([]);
    expect(await who.ext.heartbeat({ loggedIn: true, userId: who.vintedUserId })).toBe(200);
    expect((await waitForJob(app, who, job.id)).status).toBe('completed');
    expect(vinted.items(who.vintedUserId)).toHaveLength(1);
  });

  it('a create whose answer is lost is found in the wardrobe, never listed twice', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'lost-create');
    const product = await listableProduct(app, who, 1, { title: 'Lost answer tee' });
    const job = await waitForJob(app, who, (await publishOne(app, who, product.id)).id);
    expect(job.status).toBe('completed');
    expect(job.tasks!.map((t) => t.step)).toEqual(['upload-photo:0', 'create-item', 'reconcile-create']);
    const items = vinted.items(who.vintedUserId);
    expect(items.map((i) => i.title)).toEqual(['Lost answer tee']);
    const creates = vinted.callsFor(who.vintedUserId).filter((c) => c.method === 'POST' && c.path === ITEMS);
    expect(creates).toHaveLength(1);
    await until('the listing', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/products/${product.id}`, headers: who.headers });
      return res.json().listings[0]?.externalId === String(items[0].id);
    });
  });

  it('a lost create is told apart from a twin with the same title listed meanwhile: by its photos', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'lost-create');
    // The wardrobe read that looks for the item meets a captcha: the job waits while the twin is listed by hand.
    vinted.inject(who.vintedUserId, 'captcha', { when: { path: '/api/v2/wardrobe/' } });
    const product = await listableProduct(app, who, 1, { title: 'Twin tee' });
    const job = await publishOne(app, who, product.id);
    await waitForJob(app, who, job.id, (j) => j.waiting === 'account-paused');
    const twin = vinted.addItem(who.vintedUserId, { title: 'Twin tee', price: 12 });
    const resumed = await app.inject({ method: 'POST', url: '/api/vinted/connection/resume', headers: who.headers });
    expect(resumed.statusCode).toBe(200);

    const done = await waitForJob(app, who, job.id);
    expect(done.status).toBe('completed');
    // The wardrobe lists the twin first (newest first); the item is the one showing the photo this job uploaded.
    const items = vinted.items(who.vintedUserId);
    expect(items.map((i) => i.title)).toEqual(['Twin tee', 'Twin tee']);
    const ours = items.find((i) => i.id !== twin.id)!;
    const creates = vinted.callsFor(who.vintedUserId).filter((c) => c.method === 'POST' && c.path === ITEMS);
    expect(creates).toHaveLength(1);
    await until('the listing', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/products/${product.id}`, headers: who.headers });
      return res.json().listings[0]?.externalId === String(ours.id);
    });
  });

  it('a dropped create that did not reach Vinted is created once after the wardrobe shows nothing', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'drop', { when: { method: 'POST', path: ITEMS } });
    const product = await listableProduct(app, who, 1, { title: 'Dropped tee' });
    const job = await waitForJob(app, who, (await publishOne(app, who, product.id)).id);
    expect(job.status).toBe('completed');
    expect(job.tasks!.map((t) => t.step)).toEqual(['upload-photo:0', 'create-item', 'reconcile-create', 'create-item']);
    expect(vinted.items(who.vintedUserId).map((i) => i.title)).toEqual(['Dropped tee']);
  });

  it('a 429 holds the account for Retry-After, then the call goes through', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'rate-limit', { when: { path: PHOTOS }, retryAfterSeconds: 1 });
    const product = await listableProduct(app, who, 1);
    const job = await publishOne(app, who, product.id);
    await until('the back-off', async () => (await connection(who)).queue.backoffUntil !== null);
    const done = await waitForJob(app, who, job.id);
    expect(done.status).toBe('completed');
    const photoCalls = vinted.callsFor(who.vintedUserId).filter((c) => c.path === PHOTOS);
    expect(photoCalls.map((c) => c.status)).toEqual([429, 200]);
    expect(photoCalls[1].at - photoCalls[0].endedAt!).toBeGreaterThanOrEqual(950);
  });

  it('retries transient errors with back-off, fails after the limit, and a retry resumes from the failed step', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'server-error', { when: { path: PHOTOS }, times: 2 });
    const first = await listableProduct(app, who, 1);
    expect(await waitForJob(app, who, (await publishOne(app, who, first.id)).id)).toMatchObject({
      status: 'completed',
    });

    vinted.inject(who.vintedUserId, 'server-error', { when: { path: PHOTOS, nth: 2 }, times: Infinity });
    const second = await listableProduct(app, who, 2, { title: 'Flaky upload' });
    const before = vinted.callsFor(who.vintedUserId).length;
    const failed = await waitForJob(app, who, (await publishOne(app, who, second.id)).id);
    const retries = worker.get(JobSettings).maxStepRetries;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'VINTED_UNAVAILABLE' } });
    const uploads = vinted.callsFor(who.vintedUserId).slice(before);
    expect(uploads.map((c) => c.status)).toEqual([200, ...Array(retries + 1).fill(500)]);

    vinted.clearFaults(who.vintedUserId);
    const retried = await app.inject({ method: 'POST', url: `/api/jobs/${failed.id}/retry`, headers: who.headers });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'pending', error: null });
    const done = await waitForJob(app, who, failed.id);
    expect(done).toMatchObject({ status: 'completed', attempts: 2 });
    // The first photo was uploaded once: the retry went on from the failed step.
    const okUploads = vinted
      .callsFor(who.vintedUserId)
      .slice(before)
      .filter((c) => c.path === PHOTOS && c.status === 200);
    expect(okUploads).toHaveLength(2);
    expect(vinted.items(who.vintedUserId).filter((i) => i.title === 'Flaky upload')).toHaveLength(1);

    const again = await app.inject({ method: 'POST', url: `/api/jobs/${failed.id}/retry`, headers: who.headers });
    expect(again.statusCode).toBe(409);
  });

  it('cancelling mid-way withdraws the queued calls; the late result is refused and nothing is listed', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'slow', { when: { path: PHOTOS }, delayMs: 1_500 });
    const product = await listableProduct(app, who, 3, { title: 'Cancelled tee' });
    const job = await publishOne(app, who, product.id);
    await waitForJob(app, who, job.id, (j) => j.tasks?.some((t) => t.status === 'processing') ?? false);

    const cancelled = await app.inject({ method: 'POST', url: `/api/jobs/${job.id}/cancel`, headers: who.headers });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    const after = await getJob(app, who, job.id);
    expect(after.tasks!.every((t) => t.status === 'cancelled')).toBe(true);

    await sleep(2_500);
    expect(vinted.callsFor(who.vintedUserId).filter((c) => c.path === PHOTOS)).toHaveLength(1);
    expect(vinted.items(who.vintedUserId)).toEqual([]);
    expect((await getJob(app, who, job.id)).status).toBe('cancelled');
    const twice = await app.inject({ method: 'POST', url: `/api/jobs/${job.id}/cancel`, headers: who.headers });
    expect(twice.statusCode).toBe(409);
  });

  it('an expired job hands out nothing: its call never runs and a late result is refused', async () => {
    const who = await vintedSeller(app, base, vinted);
    const settings = worker.get(JobSettings);
    const ttl = settings.jobTtlMs;
    settings.jobTtlMs = 1_000;
    app.get(JobSettings).jobTtlMs = 1_000;
    try {
      const product = await listableProduct(app, who, 1);
      const job = await publishOne(app, who, product.id);
      await waitForJob(app, who, job.id, (j) => j.tasks?.length === 1);
      // The extension takes the call but answers after the job has expired.
      const { tasks } = await who.ext.poll(1, 1);
      expect(tasks).toHaveLength(1);
      const expired = await waitForJob(app, who, job.id, (j) => j.status === 'expired', 20_000);
      expect(expired.error).toMatchObject({ code: 'EXPIRED' });
      const late = await who.ext.postResult(tasks[0].id, {
        attempt: tasks[0].attempt,
        ok: true,
        status: 200,
        body: {},
      });
      expect(late.status).toBe(409);
      expect((await who.ext.poll(0, 5)).tasks).toEqual([]);
      expect(vinted.callsFor(who.vintedUserId)).toEqual([]);
    } finally {
      settings.jobTtlMs = ttl;
      app.get(JobSettings).jobTtlMs = ttl;
    }
  });

  it('a worker stopped mid-publish resumes after restart: each photo uploaded once, one item', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'slow', { when: { path: PHOTOS }, delayMs: 600, times: Infinity });
    const product = await listableProduct(app, who, 3, { title: 'Restarted tee' });
    const job = await publishOne(app, who, product.id);
    await waitForJob(app, who, job.id, (j) => j.progress.done >= 1);
    await worker.close();
    // The extension finishes the call it holds; its result waits in the outbox for a worker.
    await sleep(1_000);
    const stalled: JobBody = await getJob(app, who, job.id);
    expect(stalled.status).toBe('running');
    worker = await startSagaWorker();
    const done = await waitForJob(app, who, job.id);
    expect(done.status).toBe('completed');
    const uploads = vinted.callsFor(who.vintedUserId).filter((c) => c.path === PHOTOS && c.status === 200);
    expect(uploads).toHaveLength(3);
    expect(vinted.items(who.vintedUserId).map((i) => i.title)).toEqual(['Restarted tee']);
    expect(vinted.items(who.vintedUserId)[0].photoIds).toHaveLength(3);
  });

  it('an API process stopped mid-publish: the extension goes on with another one, nothing is sent twice', async () => {
    const who = await running();
    vinted.inject(who.vintedUserId, 'slow', { when: { path: PHOTOS }, delayMs: 600, times: Infinity });
    const product = await listableProduct(app, who, 3, { title: 'API restarted tee' });
    const job = await publishOne(app, who, product.id);
    await waitForJob(app, who, job.id, (j) => j.progress.done >= 1);
    await who.ext.stop();
    await app.close();
    ({ app, base } = await listeningApi());
    fastSaga(app);
    const ext = new FakeExtension({ ...who.ext.options, api: base }, who.ext.token);
    ext.start(1);
    try {
      // A call the stopped extension was running when it stopped never reports back: it goes out again once its
      // lease (its timeout plus the grace) runs out, so the job may take that long.
      expect((await waitForJob(app, who, job.id, undefined, 75_000)).status).toBe('completed');
    } finally {
      await ext.stop();
    }
    const uploads = vinted.callsFor(who.vintedUserId).filter((c) => c.path === PHOTOS && c.status === 200);
    expect(uploads).toHaveLength(3);
    expect(vinted.items(who.vintedUserId).map((i) => i.title)).toEqual(['API restarted tee']);
  }, 100_000);
});
