import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { quotedTenantSchema } from '@stoflow/core';
import { seller } from '../catalog/catalog-helpers';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import { sql } from '../helpers/tenants';
import { fastSaga, startSagaWorker, until, vintedSeller, VintedSeller } from './jobs-helpers';
import { listeningApi } from './plugin-helpers';

interface ImportBody {
  id: string;
  status: string;
  pagesRead: number;
  totalPages: number | null;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  leftOut: number;
  error: string | null;
}

interface ProductBody {
  id: string;
  title: string;
  price: string;
  currency: string;
  listings: { marketplace: string; status: string; externalId: string | null; url: string | null }[];
}

/** The wardrobe a seller listed by hand on Vinted, imported into the catalog through the extension. */
describe('Vinted: importing the wardrobe', () => {
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

  const start = (who: VintedSeller) => app.inject({ method: 'POST', url: '/api/vinted/import', headers: who.headers });
  const status = (who: VintedSeller, id: string) =>
    app.inject({ method: 'GET', url: `/api/vinted/import/${id}`, headers: who.headers });
  async function importToTheEnd(who: VintedSeller): Promise<ImportBody> {
    const res = await start(who);
    expect(res.statusCode).toBe(202);
    const started = res.json<ImportBody>();
    expect(started.status).toBe('running');
    let body = started;
    await until(
      'the import',
      async () => {
        body = (await status(who, started.id)).json<ImportBody>();
        return body.status !== 'running';
      },
      240_000,
    );
    return body;
  }
  const products = async (who: VintedSeller) => {
    const all: ProductBody[] = [];
    for (let n = 1; ; n += 1) {
      const page = (
        await app.inject({ method: 'GET', url: `/api/products?limit=100&page=${n}`, headers: who.headers })
      ).json<{ items: ProductBody[]; total: number }>();
      all.push(...page.items);
      if (all.length >= page.total || page.items.length === 0) return all;
    }
  };

  it('imports 250 items as products listed on Vinted, then a second import updates only what changed', async () => {
    const items = vinted.addWardrobe(alice.vintedUserId, 250);

    const first = await importToTheEnd(alice);
    expect(first).toMatchObject({ status: 'completed', pagesRead: 3, totalPages: 3, created: 250, updated: 0 });
    const imported = await products(alice);
    expect(imported).toHaveLength(250);
    const sample = items[3];
    const product = imported.find((p) => p.title === sample.title)!;
    expect(product).toMatchObject({ price: `${sample.price.split('.')[0]}.50`, currency: 'EUR' });
    await until('the listing projected on the product', async () => {
      const view = (
        await app.inject({ method: 'GET', url: `/api/products/${product.id}`, headers: alice.headers })
      ).json<ProductBody>();
      return view.listings.some(
        (l) => l.marketplace === 'vinted' && l.status === 'published' && l.externalId === String(sample.id),
      );
    });

    vinted.editOnVinted(items[0].id, { title: 'Robe noire longue' });
    vinted.editOnVinted(items[100].id, { price: 99 });
    vinted.editOnVinted(items[249].id, { title: 'Pull gris chiné', price: 18 });
    const second = await importToTheEnd(alice);
    expect(second).toMatchObject({ status: 'completed', created: 0, updated: 3, unchanged: 247 });
    const after = await products(alice);
    expect(after).toHaveLength(250);
    expect(after.map((p) => p.title)).toEqual(expect.arrayContaining(['Robe noire longue', 'Pull gris chiné']));
    const [{ n }] = await sql(app).execute<{ n: string }[]>(
      `select count(*) as n from ${quotedTenantSchema(alice.id)}.vinted_listings where status = 'published'`,
    );
    expect(Number(n)).toBe(250);
  }, 600_000);

  it('stops at the tier’s product limit and says how many items were left out', async () => {
    const carol = await vintedSeller(app, base, vinted);
    await sql(app).execute("update public.users set tier = 'free' where id = ?", [carol.id]);
    carol.ext.start(1);
    try {
      vinted.addWardrobe(carol.vintedUserId, 40);
      const done = await importToTheEnd(carol);
      // The free tier holds 30 products.
      expect(done).toMatchObject({ status: 'completed', created: 30, leftOut: 10 });
      expect(await products(carol)).toHaveLength(30);
    } finally {
      await carol.ext.stop();
    }
  }, 300_000);

  it('a captcha on page 3 ends the import with its reason; what was read stays, and the next import completes it', async () => {
    const dave = await vintedSeller(app, base, vinted);
    dave.ext.start(1);
    try {
      vinted.addWardrobe(dave.vintedUserId, 250);
      vinted.inject(dave.vintedUserId, 'captcha', { when: { path: /\/wardrobe\/\d+\/items\?page=3&/ } });
      const stopped = await importToTheEnd(dave);
      expect(stopped).toMatchObject({ status: 'failed', pagesRead: 2, created: 192 });
      expect(stopped.error).toMatch(/captcha/i);
      expect(await products(dave)).toHaveLength(192);

      const resumed = await app.inject({ method: 'POST', url: '/api/vinted/connection/resume', headers: dave.headers });
      expect(resumed.statusCode).toBe(200);
      const done = await importToTheEnd(dave);
      expect(done).toMatchObject({ status: 'completed', created: 58, unchanged: 192, updated: 0 });
      expect(await products(dave)).toHaveLength(250);
    } finally {
      await dave.ext.stop();
    }
  }, 300_000);

  it('refuses an import without a paired extension, and keeps each seller’s imports to themselves', async () => {
    const started = await start(alice);
    const id = started.json<ImportBody>().id;
    const bob = await vintedSeller(app, base, vinted);
    const seen = await status(bob, id);
    expect(seen.statusCode).toBe(404);
    expect(seen.json().error.code).toBe('NOT_FOUND');
    expect((await status(alice, id)).statusCode).toBe(200);
    expect((await status(alice, 'not-a-uuid')).statusCode).toBe(404);
    expect(await products(bob)).toHaveLength(0);

    const unpaired = await app.inject({
      method: 'POST',
      url: '/api/vinted/import',
      headers: (await seller(app)).headers,
    });
    expect(unpaired.statusCode).toBe(422);
    expect(unpaired.json().error.code).toBe('MARKETPLACE_NOT_CONNECTED');
  });
});
