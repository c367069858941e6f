import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getProduct, newProduct, ProductBody } from '../catalog/catalog-helpers';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import { startWorker } from '../helpers/apps';
import {
  bulkPublish,
  fastSaga,
  getJob,
  JobBody,
  listableProduct,
  listJobs,
  publish,
  publishOne,
  unpublish,
  until,
  vintedConnection,
  vintedSeller,
  VintedSeller,
  waitForJob,
} from './jobs-helpers';
import { listeningApi } from './plugin-helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Vinted: tenants publish side by side and never reach each other', () => {
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let vinted: FakeVinted;
  let alice: VintedSeller;
  let bob: VintedSeller;

  beforeAll(async () => {
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi());
    worker = await startWorker();
    fastSaga(app, worker);
    alice = await vintedSeller(app, base, vinted);
    bob = await vintedSeller(app, base, vinted);
    alice.ext.start(1);
    bob.ext.start(1);
  });
  afterAll(async () => {
    await alice.ext.stop();
    await bob.ext.stop();
    await worker.close();
    await app.close();
    await vinted.close();
  });

  const post = (who: VintedSeller, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: who.headers, ...(payload ? { payload } : {}) });
  const receivedIds = (who: VintedSeller, from = 0) => who.ext.received.slice(from).map((r) => r.task.id);
  const taskIdsOf = async (who: VintedSeller, jobIds: string[]) =>
    (await Promise.all(jobIds.map((id) => getJob(app, who, id)))).flatMap((job) => job.tasks!.map((t) => t.id));
  const products = (who: VintedSeller, label: string, n: number, photos = 1) =>
    Promise.all(Array.from({ length: n }, (_, i) => listableProduct(app, who, photos, { title: `${label} ${i + 1}` })));
  const listed = async (who: VintedSeller, productId: string) =>
    until('the listing projection', async () => {
      const listings = (await getProduct(app, who, productId)).json<ProductBody>().listings;
      return listings[0]?.status === 'published';
    });

  it('runs two users’ publishes at once, each through their own extension onto their own Vinted account', async () => {
    const [aliceFrom, bobFrom] = [alice.ext.received.length, bob.ext.received.length];
    const [aliceProducts, bobProducts] = await Promise.all([
      products(alice, 'Alice tee', 3),
      products(bob, 'Bob jacket', 3),
    ]);
    const queued = await Promise.all([
      ...aliceProducts.map((p) => publishOne(app, alice, p.id)),
      ...bobProducts.map((p) => publishOne(app, bob, p.id)),
    ]);
    const [aliceJobs, bobJobs] = [queued.slice(0, 3), queued.slice(3)];
    const done = await Promise.all([
      ...aliceJobs.map((j) => waitForJob(app, alice, j.id)),
      ...bobJobs.map((j) => waitForJob(app, bob, j.id)),
    ]);
    expect(done.map((j) => j.status)).toEqual(Array(6).fill('completed'));

    const aliceTasks = await taskIdsOf(
      alice,
      aliceJobs.map((j) => j.id),
    );
    const bobTasks = await taskIdsOf(
      bob,
      bobJobs.map((j) => j.id),
    );
    expect(aliceTasks).toHaveLength(6); // one photo and one create per product
    expect(bobTasks).toHaveLength(6);
    // Each extension was handed exactly its own user's tasks, once each.
    expect(receivedIds(bob, bobFrom).filter((id) => aliceTasks.includes(id))).toEqual([]);
    expect(receivedIds(alice, aliceFrom).filter((id) => bobTasks.includes(id))).toEqual([]);
    expect([...receivedIds(bob, bobFrom)].sort()).toEqual([...bobTasks].sort());
    expect([...receivedIds(alice, aliceFrom)].sort()).toEqual([...aliceTasks].sort());

    // Each fake account holds only its own items, made of its own photos, through its own session.
    const titles = (userId: number) =>
      vinted
        .items(userId)
        .map((i) => i.title)
        .sort();
    expect(titles(alice.vintedUserId)).toEqual(['Alice tee 1', 'Alice tee 2', 'Alice tee 3']);
    expect(titles(bob.vintedUserId)).toEqual(['Bob jacket 1', 'Bob jacket 2', 'Bob jacket 3']);
    for (const who of [alice, bob]) {
      const own = vinted.photos(who.vintedUserId).map((p) => p.id);
      expect(own).toHaveLength(3);
      expect(vinted.items(who.vintedUserId).flatMap((i) => i.photoIds)).toEqual(expect.arrayContaining(own));
      expect(vinted.callsFor(who.vintedUserId).map((c) => c.status)).toEqual(Array(6).fill(200));
    }
    expect(vinted.calls.filter((c) => c.userId === null)).toEqual([]);

    // The listings record each user's own Vinted item.
    for (const [who, list] of [
      [alice, aliceProducts],
      [bob, bobProducts],
    ] as const) {
      const itemIds = vinted.items(who.vintedUserId).map((i) => String(i.id));
      for (const product of list) {
        await listed(who, product.id);
        const listing = (await getProduct(app, who, product.id)).json<ProductBody>().listings[0];
        expect(itemIds).toContain(listing.externalId);
      }
    }
  });

  it("keeps a captcha pause on Alice's account: Bob's connection and resume neither show nor lift it", async () => {
    const [paused, bobsOwn] = await Promise.all([
      listableProduct(app, alice, 1, { title: 'Paused tee' }),
      listableProduct(app, bob, 1, { title: 'Bob keeps going' }),
    ]);
    vinted.inject(alice.vintedUserId, 'captcha');
    const job = await publishOne(app, alice, paused.id);
    const waiting = await waitForJob(app, alice, job.id, (j) => j.waiting === 'account-paused');
    expect(waiting).toMatchObject({ status: 'running', error: { code: 'VINTED_CAPTCHA' } });

    const alicesConnection = await vintedConnection(app, alice);
    expect(alicesConnection.queue).toEqual({
      paused: true,
      reason: 'captcha',
      message: expect.stringMatching(/captcha/i),
      pausedAt: expect.any(String),
      backoffUntil: null,
    });
    const bobsConnection = await vintedConnection(app, bob);
    expect(bobsConnection.queue).toEqual({
      paused: false,
      reason: null,
      message: null,
      pausedAt: null,
      backoffUntil: null,
    });
    expect(bobsConnection.vinted).toMatchObject({ loggedIn: true, userId: bob.vintedUserId });
    expect(bobsConnection.extension!.deviceId).not.toBe(alicesConnection.extension!.deviceId);

    // Bob's "I solved the captcha" resumes Bob's queue only.
    const resumed = await post(bob, '/api/vinted/connection/resume');
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ queue: { paused: false }, vinted: { userId: bob.vintedUserId } });
    expect(await vintedConnection(app, alice)).toEqual(alicesConnection);

    // Bob still publishes while Alice's queue waits; nothing reaches Alice's account meanwhile.
    const alicesCalls = vinted.callsFor(alice.vintedUserId).length;
    const bobsJob = await waitForJob(app, bob, (await publishOne(app, bob, bobsOwn.id)).id);
    expect(bobsJob.status).toBe('completed');
    expect(vinted.items(bob.vintedUserId).map((i) => i.title)).toContain('Bob keeps going');
    expect(vinted.callsFor(alice.vintedUserId)).toHaveLength(alicesCalls);
    expect(await getJob(app, alice, job.id)).toMatchObject({ status: 'running', waiting: 'account-paused' });

    // Alice's own resume lets her job go on from the refused call.
    const own = await post(alice, '/api/vinted/connection/resume');
    expect(own.statusCode).toBe(200);
    expect(own.json().queue).toMatchObject({ paused: false, reason: null });
    expect((await waitForJob(app, alice, job.id)).status).toBe('completed');
    expect(vinted.items(alice.vintedUserId).map((i) => i.title)).toContain('Paused tee');
  });

  it("answers Bob 404 on every job and publishing endpoint for Alice's ids, and changes nothing of hers", async () => {
    const [listedOne, failing, live, draft] = await Promise.all(
      ['Listed', 'Failing', 'Live', 'Draft'].map((t) => listableProduct(app, alice, 1, { title: `Alice ${t}` })),
    );
    const bobsProduct = await listableProduct(app, bob, 1, { title: 'Bob own' });

    // A published product (completed job)...
    const completed = await waitForJob(app, alice, (await publishOne(app, alice, listedOne.id)).id);
    expect(completed.status).toBe('completed');
    await listed(alice, listedOne.id);
    // ...a failed job (Vinted's photo upload keeps failing)...
    vinted.inject(alice.vintedUserId, 'server-error', { times: Infinity, when: { path: '/api/v2/photos' } });
    const failed = await waitForJob(app, alice, (await publishOne(app, alice, failing.id)).id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'VINTED_UNAVAILABLE' } });
    vinted.clearFaults(alice.vintedUserId);
    // ...and a live one, held by a captcha pause.
    vinted.inject(alice.vintedUserId, 'captcha');
    const running = await waitForJob(
      app,
      alice,
      (await publishOne(app, alice, live.id)).id,
      (j) => j.waiting === 'account-paused',
    );
    expect(running.status).toBe('running');
    const aliceJobIds = [completed.id, failed.id, running.id];
    const aliceTaskId = completed.tasks![0].id;

    const snapshot = async () => ({
      jobs: await listJobs(app, alice),
      detail: await Promise.all(aliceJobIds.map((id) => getJob(app, alice, id))),
      products: await Promise.all(
        [listedOne, failing, live, draft].map(async (p) => (await getProduct(app, alice, p.id)).json<ProductBody>()),
      ),
      connection: await vintedConnection(app, alice),
      items: vinted.items(alice.vintedUserId),
      calls: vinted.callsFor(alice.vintedUserId).length,
    });
    const before = await snapshot();
    const bobsJobsBefore = await listJobs(app, bob);

    const notFound = (res: { statusCode: number; json: () => { error: { code: string } } }, what: string) => {
      expect({ what, status: res.statusCode, code: res.json().error?.code }).toEqual({
        what,
        status: 404,
        code: 'NOT_FOUND',
      });
    };
    for (const id of aliceJobIds) {
      notFound(await app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: bob.headers }), `GET job ${id}`);
      // 404 even where Alice would get 409 (a finished job): Bob cannot tell that the job exists.
      notFound(await post(bob, `/api/jobs/${id}/cancel`), `cancel ${id}`);
      notFound(await post(bob, `/api/jobs/${id}/retry`), `retry ${id}`);
    }
    for (const product of [draft, listedOne]) {
      notFound(await publish(app, bob, product.id), `publish ${product.title}`);
      notFound(await unpublish(app, bob, product.id), `unpublish ${product.title}`);
      notFound(await bulkPublish(app, bob, [product.id]), `bulk publish ${product.title}`);
    }
    // One foreign id spoils the whole batch: Bob's own product is not queued either.
    notFound(await bulkPublish(app, bob, [bobsProduct.id, draft.id]), 'mixed bulk publish');
    // Bob's extension cannot answer one of Alice's tasks.
    const answered = await bob.ext.postResult(aliceTaskId, { attempt: 1, ok: true, status: 200, body: {} });
    expect(answered.status).toBe(404);

    // Bob's list shows none of Alice's jobs, and nothing was queued for him.
    const bobsJobs = await listJobs(app, bob);
    expect(bobsJobs).toEqual(bobsJobsBefore);
    expect(bobsJobs.items.filter((j) => aliceJobIds.includes(j.id))).toEqual([]);
    for (const product of [listedOne, failing, live, draft]) {
      expect(await listJobs(app, bob, `productId=${product.id}`)).toMatchObject({ items: [], total: 0 });
    }
    // Bob's connection and resume know nothing of Alice's pause.
    expect((await vintedConnection(app, bob)).queue.paused).toBe(false);
    expect((await post(bob, '/api/vinted/connection/resume')).json().queue.paused).toBe(false);

    expect(await snapshot()).toEqual(before);

    // What Bob was refused still works for Alice: the 404s were about ownership, not about the state.
    expect((await post(alice, '/api/vinted/connection/resume')).statusCode).toBe(200);
    expect((await waitForJob(app, alice, running.id)).status).toBe('completed');
    const retried = await post(alice, `/api/jobs/${failed.id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect((await waitForJob(app, alice, failed.id)).status).toBe('completed');
    const published = await publish(app, alice, draft.id);
    expect(published.statusCode).toBe(202);
    expect((await waitForJob(app, alice, published.json<{ jobs: JobBody[] }>().jobs[0].id)).status).toBe('completed');
    const withdrawn = await unpublish(app, alice, listedOne.id);
    expect(withdrawn.statusCode).toBe(202);
    expect((await waitForJob(app, alice, withdrawn.json<{ jobs: JobBody[] }>().jobs[0].id)).status).toBe('completed');
  });

  it('bulk publishes one job per product under one batch id, and refuses a whole batch with an incomplete product', async () => {
    const [first, second] = await products(alice, 'Batch tee', 2);
    const res = await bulkPublish(app, alice, [first.id, second.id]);
    expect(res.statusCode).toBe(202);
    const { batchId, jobs } = res.json<{ batchId: string; jobs: (JobBody & { batchId: string })[] }>();
    expect(batchId).toMatch(UUID);
    expect(jobs.map((j) => j.productId)).toEqual([first.id, second.id]);
    expect(jobs.map((j) => [j.action, j.batchId])).toEqual([
      ['publish', batchId],
      ['publish', batchId],
    ]);
    for (const job of jobs) {
      const done = await waitForJob(app, alice, job.id);
      expect(done).toMatchObject({ status: 'completed', batchId });
    }
    expect(vinted.items(alice.vintedUserId).filter((i) => i.title.startsWith('Batch tee'))).toHaveLength(2);

    const [complete] = await products(alice, 'Batch complete', 1);
    const incomplete = await newProduct(app, alice, { title: 'Batch bare', stockQuantity: 1 });
    const total = (await listJobs(app, alice)).total;
    const refused = await bulkPublish(app, alice, [complete.id, incomplete.id]);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('PRODUCT_INCOMPLETE_FOR_MARKETPLACE');
    const details = refused.json().error.details as { field: string; productId: string }[];
    expect(details.length).toBeGreaterThan(0);
    expect([...new Set(details.map((d) => d.productId))]).toEqual([incomplete.id]);
    expect((await listJobs(app, alice)).total).toBe(total);
    expect(await listJobs(app, alice, `productId=${complete.id}`)).toMatchObject({ items: [], total: 0 });
  });
});
