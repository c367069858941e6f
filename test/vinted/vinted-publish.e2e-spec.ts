import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { attributeId, getProduct, newProduct, patchProduct } from '../catalog/catalog-helpers';
import { upload } from '../catalog/images-helpers';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import {
  bulkPublish,
  fastSaga,
  getJob,
  JobBody,
  listableProduct,
  photo,
  publish,
  publishOne,
  startSagaWorker,
  unpublish,
  until,
  vintedSeller,
  VintedSeller,
  waitForJob,
} from './jobs-helpers';
import { listeningApi } from './plugin-helpers';

describe('Vinted: publish, update, withdraw through the extension', () => {
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let vinted: FakeVinted;
  let alice: VintedSeller;

  beforeAll(async () => {
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi());
    worker = await startSagaWorker();
    fastSaga(app);
    alice = await vintedSeller(app, base, vinted);
    alice.ext.start(1);
  });
  afterAll(async () => {
    await alice.ext.stop();
    await worker.close();
    await app.close();
    await vinted.close();
  });

  it('publishes a product: photos uploaded, item created with the mapped attributes, listing recorded', async () => {
    const product = await listableProduct(app, alice, 2, { title: 'Black tee', price: '12.50' });
    const queued = await publishOne(app, alice, product.id);
    expect(queued).toMatchObject({ action: 'publish', productId: product.id, status: 'pending' });

    const job = await waitForJob(app, alice, queued.id);
    expect(job).toMatchObject({ status: 'completed', progress: { done: 3, total: 3 }, error: null, attempts: 1 });
    expect(job.tasks!.map((t) => [t.step, t.status])).toEqual([
      ['upload-photo:0', 'completed'],
      ['upload-photo:1', 'completed'],
      ['create-item', 'completed'],
    ]);

    const [item] = vinted.items(alice.vintedUserId);
    expect(vinted.items(alice.vintedUserId)).toHaveLength(1);
    expect(item).toMatchObject({ title: 'Black tee', price: '12.5', currency: 'EUR', catalogId: 221, statusId: 2 });
    expect(item.photoIds).toHaveLength(2);

    await until('the listing projection', async () => {
      const listings = (await getProduct(app, alice, product.id)).json().listings as { status: string }[];
      return listings[0]?.status === 'published';
    });
    const { listings } = (await getProduct(app, alice, product.id)).json();
    expect(listings).toEqual([
      expect.objectContaining({ marketplace: 'vinted', status: 'published', externalId: String(item.id) }),
    ]);

    const again = await publish(app, alice, product.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
  });

  it("publishes a dress and a girls' skirt to their Vinted sub-catalogs; a category with sub-categories is refused", async () => {
    const dress = await listableProduct(app, alice, 1, {
      title: 'Floral mini dress',
      categoryId: await attributeId(app, 'categories', 'women_dresses_mini'),
    });
    const skirt = await listableProduct(app, alice, 1, {
      title: 'Pleated girls skirt',
      categoryId: await attributeId(app, 'categories', 'girls_skirts'),
      sizeId: await attributeId(app, 'sizes', 'm'),
    });
    for (const product of [dress, skirt]) {
      expect((await waitForJob(app, alice, (await publishOne(app, alice, product.id)).id)).status).toBe('completed');
    }
    const items = vinted.items(alice.vintedUserId);
    expect(items.find((i) => i.title === 'Floral mini dress')).toMatchObject({ catalogId: 178, sizeId: 4 });
    expect(items.find((i) => i.title === 'Pleated girls skirt')).toMatchObject({ catalogId: 1248, sizeId: 1570 });

    const vague = await listableProduct(app, alice, 1, {
      categoryId: await attributeId(app, 'categories', 'women_dresses'),
    });
    const refused = await publish(app, alice, vague.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toEqual([
      expect.objectContaining({ field: 'categoryId', issue: expect.stringMatching(/more specific category/) }),
    ]);
  });

  it('refuses up front what Vinted cannot list, naming every missing field', async () => {
    const bare = await newProduct(app, alice, { stockQuantity: 1 });
    const res = await publish(app, alice, bare.id);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PRODUCT_INCOMPLETE_FOR_MARKETPLACE');
    const fields = (res.json().error.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['brandId', 'categoryId', 'conditionId', 'description', 'images', 'packageSize']);

    const soldOut = await listableProduct(app, alice, 1, { stockQuantity: 0 });
    const out = await publish(app, alice, soldOut.id);
    expect(out.statusCode).toBe(422);
    expect(out.json().error.code).toBe('PRODUCT_OUT_OF_STOCK');

    const ebay = await publish(app, alice, soldOut.id, ['ebay']);
    expect(ebay.statusCode).toBe(422);
    expect(ebay.json().error.code).toBe('MARKETPLACE_NOT_CONNECTED');

    const nothing = await app.inject({
      method: 'POST',
      url: `/api/products/${soldOut.id}/publish`,
      headers: alice.headers,
      payload: { marketplaces: ['leboncoin'] },
    });
    expect(nothing.statusCode).toBe(400);
    expect(vinted.callsFor(alice.vintedUserId).filter((c) => c.status === 0)).toEqual([]);
  });

  it('sends a change of a listed product to Vinted, then withdraws it on unpublish', async () => {
    const product = await listableProduct(app, alice, 1, { title: 'Grey tee' });
    await waitForJob(app, alice, (await publishOne(app, alice, product.id)).id);
    const itemId = vinted.items(alice.vintedUserId).find((i) => i.title === 'Grey tee')!.id;

    const patched = await patchProduct(app, alice, product.id, { title: 'Grey tee, like new', price: '15.00' });
    expect(patched.statusCode).toBe(200);
    await until('the edit on Vinted', () => {
      const item = vinted.items(alice.vintedUserId).find((i) => i.id === itemId);
      return item?.title === 'Grey tee, like new' && item.price === '15.0';
    });

    const res = await unpublish(app, alice, product.id);
    expect(res.statusCode).toBe(202);
    const job = await waitForJob(app, alice, res.json().jobs[0].id);
    expect(job).toMatchObject({ action: 'delete', status: 'completed' });
    expect(vinted.items(alice.vintedUserId).some((i) => i.id === itemId)).toBe(false);
    expect(vinted.deletedItems(alice.vintedUserId).map((i) => i.id)).toContain(itemId);
    await until('the listing ended', async () => {
      const listings = (await getProduct(app, alice, product.id)).json().listings as { status: string }[];
      return listings[0]?.status === 'ended';
    });
    expect((await unpublish(app, alice, product.id)).statusCode).toBe(409);
  });

  it('a photo added to a listed product is uploaded and shown on the item; photos before the publish are not re-sent', async () => {
    const product = await listableProduct(app, alice, 1, { title: 'Photo added later' });
    await waitForJob(app, alice, (await publishOne(app, alice, product.id)).id);
    const item = () => vinted.items(alice.vintedUserId).find((i) => i.title === 'Photo added later')!;
    expect(item().photoIds).toHaveLength(1);
    const jobsOf = async () =>
      (await app.inject({ method: 'GET', url: `/api/jobs?productId=${product.id}`, headers: alice.headers })).json()
        .items as { action: string }[];
    expect((await jobsOf()).map((j) => j.action)).toEqual(['publish']);

    expect((await upload(app, alice, product.id, await photo())).statusCode).toBe(201);
    await until('the new photo on Vinted', () => item().photoIds.length === 2);
    expect((await jobsOf()).map((j) => j.action)).toEqual(['update', 'publish']);
  });

  it('withdraws the Vinted item as soon as the product sells out elsewhere', async () => {
    const product = await listableProduct(app, alice, 1, { title: 'Sold elsewhere' });
    await waitForJob(app, alice, (await publishOne(app, alice, product.id)).id);
    expect(vinted.items(alice.vintedUserId).some((i) => i.title === 'Sold elsewhere')).toBe(true);

    const sold = await patchProduct(app, alice, product.id, { stockQuantity: 0 });
    expect(sold.statusCode).toBe(200);
    await until(
      'the item withdrawn',
      () => !vinted.items(alice.vintedUserId).some((i) => i.title === 'Sold elsewhere'),
    );
    const jobs = (
      await app.inject({ method: 'GET', url: `/api/jobs?productId=${product.id}`, headers: alice.headers })
    ).json().items as { action: string }[];
    expect(jobs.map((j) => j.action)).toEqual(['delete', 'publish']);
  });

  it('a withdrawal goes before the publish calls already queued', async () => {
    const listed = await listableProduct(app, alice, 1, { title: 'Sells first' });
    await waitForJob(app, alice, (await publishOne(app, alice, listed.id)).id);
    const itemId = vinted.items(alice.vintedUserId).find((i) => i.title === 'Sells first')!.id;
    await alice.ext.stop();
    let restarted = false;
    try {
      const queued = [];
      for (let i = 0; i < 3; i += 1) {
        queued.push(await publishOne(app, alice, (await listableProduct(app, alice, 1, { title: `Queued ${i}` })).id));
      }
      for (const job of queued) await waitForJob(app, alice, job.id, (j) => j.step === 'upload-photo:0');
      expect((await patchProduct(app, alice, listed.id, { stockQuantity: 0 })).statusCode).toBe(200);
      const jobs = () =>
        app
          .inject({ method: 'GET', url: `/api/jobs?productId=${listed.id}&status=running`, headers: alice.headers })
          .then((r) => r.json().items as { step: string }[]);
      await until('the withdrawal queued', async () => (await jobs()).some((j) => j.step === 'delete-item'));
      const before = vinted.callsFor(alice.vintedUserId).length;
      alice.ext.start(1);
      restarted = true;
      await until('the withdrawal', () => !vinted.items(alice.vintedUserId).some((i) => i.id === itemId));
      const first = vinted.callsFor(alice.vintedUserId)[before];
      expect(first).toMatchObject({ method: 'POST', path: `/api/v2/items/${itemId}/delete`, status: 200 });
      for (const job of queued) expect((await waitForJob(app, alice, job.id)).status).toBe('completed');
    } finally {
      if (!restarted) alice.ext.start(1);
    }
  });

  it('a withdrawal supersedes a pending edit of the same item', async () => {
    const listed = await listableProduct(app, alice, 1, { title: 'Edit then sell' });
    await waitForJob(app, alice, (await publishOne(app, alice, listed.id)).id);
    const itemId = vinted.items(alice.vintedUserId).find((i) => i.title === 'Edit then sell')!.id;
    await alice.ext.stop();
    let restarted = false;
    try {
      const jobsOf = async () =>
        (await app.inject({ method: 'GET', url: `/api/jobs?productId=${listed.id}`, headers: alice.headers })).json()
          .items as { action: string; status: string; step: string | null; error: { code: string } | null }[];
      expect((await patchProduct(app, alice, listed.id, { title: 'Edited, never sent' })).statusCode).toBe(200);
      await until('the edit queued', async () => (await jobsOf()).some((j) => j.step === 'edit-item'));
      expect((await patchProduct(app, alice, listed.id, { stockQuantity: 0 })).statusCode).toBe(200);
      await until('the edit superseded', async () =>
        (await jobsOf()).some((j) => j.action === 'update' && j.status === 'cancelled'),
      );
      const before = vinted.callsFor(alice.vintedUserId).length;
      alice.ext.start(1);
      restarted = true;
      await until('the withdrawal', () => !vinted.items(alice.vintedUserId).some((i) => i.id === itemId));
      expect(
        vinted
          .callsFor(alice.vintedUserId)
          .slice(before)
          .map((c) => c.path),
      ).toEqual([`/api/v2/items/${itemId}/delete`]);
      const update = (await jobsOf()).find((j) => j.action === 'update')!;
      expect(update.error).toMatchObject({ code: 'SUPERSEDED' });
    } finally {
      if (!restarted) alice.ext.start(1);
    }
  });

  it('a product changed under its publish so that Vinted cannot take it: the job fails naming what is missing', async () => {
    await alice.ext.stop();
    let restarted = false;
    try {
      const product = await listableProduct(app, alice, 1, { title: 'Brand removed' });
      const job = await publishOne(app, alice, product.id);
      await waitForJob(app, alice, job.id, (j) => j.step === 'upload-photo:0');
      expect((await patchProduct(app, alice, product.id, { brandId: null })).statusCode).toBe(200);
      alice.ext.start(1);
      restarted = true;
      const failed = await waitForJob(app, alice, job.id);
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'PRODUCT_INCOMPLETE_FOR_MARKETPLACE' } });
      expect(failed.error!.message).toMatch(/brand/i);
      expect(vinted.items(alice.vintedUserId).some((i) => i.title === 'Brand removed')).toBe(false);
      await until('the listing marked failed', async () => {
        const listings = (await getProduct(app, alice, product.id)).json().listings as { status: string }[];
        return listings[0]?.status === 'failed';
      });
      // The edit queued behind the publish has nothing to edit.
      const jobs = (
        await app.inject({ method: 'GET', url: `/api/jobs?productId=${product.id}`, headers: alice.headers })
      ).json().items as { id: string; action: string }[];
      const updates = jobs.filter((j) => j.action === 'update');
      expect(updates).toHaveLength(1);
      expect(await waitForJob(app, alice, updates[0].id)).toMatchObject({
        status: 'completed',
        progress: { done: 0, total: 0 },
      });
    } finally {
      if (!restarted) alice.ext.start(1);
    }
  });

  it('a whole batch: 10 products published, one cancelled mid-way, one edited, one withdrawn', async () => {
    const bob = await vintedSeller(app, base, vinted);
    bob.ext.start(1);
    try {
      vinted.inject(bob.vintedUserId, 'slow', { when: { path: '/api/v2/photos' }, delayMs: 150, times: Infinity });
      const products = [];
      for (let i = 0; i < 10; i += 1) products.push(await listableProduct(app, bob, 2, { title: `Batch item ${i}` }));
      const res = await bulkPublish(
        app,
        bob,
        products.map((p) => p.id),
      );
      expect(res.statusCode).toBe(202);
      const jobs = res.json().jobs as JobBody[];
      expect(jobs).toHaveLength(10);

      const cancelled = await app.inject({
        method: 'POST',
        url: `/api/jobs/${jobs[9].id}/cancel`,
        headers: bob.headers,
      });
      expect(cancelled.statusCode).toBe(200);
      const done = await Promise.all(jobs.slice(0, 9).map((j) => waitForJob(app, bob, j.id, undefined, 60_000)));
      expect(done.map((j) => j.status)).toEqual(Array(9).fill('completed'));
      expect((await getJob(app, bob, jobs[9].id)).status).toBe('cancelled');
      expect(
        vinted
          .items(bob.vintedUserId)
          .map((i) => i.title)
          .sort(),
      ).toEqual(
        products
          .slice(0, 9)
          .map((p) => p.title)
          .sort(),
      );

      expect(
        (await patchProduct(app, bob, products[0].id, { title: 'Batch item 0, price drop', price: '9.00' })).statusCode,
      ).toBe(200);
      const unpublished = await unpublish(app, bob, products[1].id);
      expect(unpublished.statusCode).toBe(202);
      await waitForJob(app, bob, unpublished.json().jobs[0].id);
      await until('the edit', () => vinted.items(bob.vintedUserId).some((i) => i.title === 'Batch item 0, price drop'));
      const titles = vinted.items(bob.vintedUserId).map((i) => i.title);
      expect(titles).toHaveLength(8);
      expect(titles).not.toContain('Batch item 1');
      expect(titles).not.toContain('Batch item 9');
      // Never listed twice: one create per published product.
      const creates = vinted
        .callsFor(bob.vintedUserId)
        .filter((c) => c.method === 'POST' && c.path === '/api/v2/item_upload/items');
      expect(creates).toHaveLength(9);
    } finally {
      await bob.ext.stop();
    }
  }, 90_000);

  it('lists jobs with filters and answers 404 for unknown ids', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/jobs?status=completed&limit=2', headers: alice.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ page: 1, limit: 2 });
    expect(list.json().total).toBeGreaterThanOrEqual(4);
    expect((list.json().items as { status: string }[]).every((j) => j.status === 'completed')).toBe(true);
    const other = await app.inject({ method: 'GET', url: '/api/jobs?marketplace=ebay', headers: alice.headers });
    expect(other.json()).toMatchObject({ items: [], total: 0 });
    for (const id of ['3f1c4b8e-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: alice.headers });
      expect(res.statusCode).toBe(404);
    }
    const bad = await app.inject({ method: 'GET', url: '/api/jobs?status=done', headers: alice.headers });
    expect(bad.statusCode).toBe(400);
    const done = (await getJob(app, alice, (list.json().items as { id: string }[])[0].id)).status;
    expect(done).toBe('completed');
  });
});
