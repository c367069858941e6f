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
  progress: { done: number; total: number | null };
  ended: number;
  photos: number;
  incomplete: string | null;
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
  description: string;
  price: string;
  currency: string;
  brandId: number | null;
  categoryId: number | null;
  conditionId: number | null;
  sizeId: number | null;
  colorIds: number[];
  materialIds: number[];
  packageSize: string | null;
  stockQuantity: number;
  unmappedAttributes: { attribute: string; vintedId: number; title: string | null }[];
  images: { id: string; url: string; position: number }[];
  updatedAt: string;
  listings: { marketplace: string; status: string; externalId: string | null; url: string | null }[];
}

// Hundreds of items, three paced calls each: this suite runs the paced claim at 0.2% of the production gaps (a
// read waits 6–16 ms) rather than the suites' 1%; the pacing itself is measured by vinted-pacing.e2e-spec.ts.
process.env.VINTED_PACING_PERCENT = '0.2';

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

    const edited = [items[0], items[100], items[249]].map((i) => String(i.id));
    const before = new Map((await products(alice)).map((p) => [p.id, p]));
    vinted.editOnVinted(items[0].id, { title: 'Robe noire longue' });
    vinted.editOnVinted(items[100].id, { price: 99, colorIds: [12] });
    vinted.editOnVinted(items[249].id, { title: 'Pull gris chiné', price: 18, statusId: 6 });
    const second = await importToTheEnd(alice);
    expect(second).toMatchObject({ status: 'completed', created: 0, updated: 3, unchanged: 247, ended: 0 });
    expect(second.incomplete).toBeNull();
    expect(second.progress).toEqual({ done: 250, total: 250 });
    const after = await products(alice);
    expect(after).toHaveLength(250);
    expect(after.map((p) => p.title)).toEqual(expect.arrayContaining(['Robe noire longue', 'Pull gris chiné']));
    const itemOf = (p: ProductBody) => p.listings.find((l) => l.marketplace === 'vinted')?.externalId;
    const touched = after.filter((p) => p.updatedAt !== before.get(p.id)!.updatedAt);
    expect(touched.map(itemOf).sort()).toEqual([...edited].sort());
    const [{ n }] = await sql(app).execute<{ n: string }[]>(
      `select count(*) as n from ${quotedTenantSchema(alice.id)}.vinted_listings where status = 'published'`,
    );
    expect(Number(n)).toBe(250);
  }, 600_000);

  it('maps every field of an item’s edit view, and keeps a brand StoFlow does not know with its title', async () => {
    const erin = await vintedSeller(app, base, vinted);
    erin.ext.start(1);
    try {
      const full = vinted.addItem(erin.vintedUserId, {
        title: 'Robe midi fleurie',
        description: 'Robe midi à fleurs, portée une fois.',
        price: '24.5',
        catalogId: 1056,
        brandId: 53,
        brand: 'Nike',
        sizeId: 4,
        statusId: 2,
        packageSizeId: 2,
        colorIds: [1, 12],
        materialIds: [44, 45],
        photos: 2,
      });
      const odd = vinted.addItem(erin.vintedUserId, {
        title: 'Veste en jean',
        price: 30,
        catalogId: 1056,
        brandId: 99_990_001,
        brand: 'Atelier Inconnu',
        statusId: 3,
      });
      const done = await importToTheEnd(erin);
      expect(done).toMatchObject({ status: 'completed', created: 2, photos: 3, progress: { done: 2, total: 2 } });

      // What StoFlow's reference tables hold for those Vinted ids (product_attributes, vinted_* columns).
      const id = async (table: string, where: string, value: number) =>
        (
          await sql(app).execute<{ id: number }[]>(
            `select id from product_attributes.${table} where ${where} = ? order by id limit 1`,
            [value],
          )
        )[0].id;
      const all = await products(erin);
      const dress = all.find((p) => p.title === full.title)!;
      expect(dress).toMatchObject({
        description: 'Robe midi à fleurs, portée une fois.',
        price: '24.50',
        currency: 'EUR',
        brandId: await id('brands', 'vinted_brand_id', 53),
        categoryId: await id('categories', 'vinted_catalog_id', 1056),
        conditionId: await id('conditions', 'vinted_status_id', 2),
        sizeId: await id('sizes', 'vinted_women_id', 4),
        colorIds: [await id('colors', 'vinted_color_id', 1), await id('colors', 'vinted_color_id', 12)],
        materialIds: [await id('materials', 'vinted_material_id', 44), await id('materials', 'vinted_material_id', 45)],
        packageSize: 'medium',
        stockQuantity: 1,
        unmappedAttributes: [],
      });
      const jacket = all.find((p) => p.title === odd.title)!;
      expect(jacket.brandId).toBeNull();
      const view = (
        await app.inject({ method: 'GET', url: `/api/products/${jacket.id}`, headers: erin.headers })
      ).json<ProductBody>();
      expect(view.unmappedAttributes).toEqual([{ attribute: 'brand', vintedId: 99_990_001, title: 'Atelier Inconnu' }]);
      // The photos came through the catalog's image pipeline: stored, normalised, served signed, in Vinted's order.
      expect(dress.images.map((i) => i.position)).toEqual([0, 1]);
      const served = await app.inject({ method: 'GET', url: new URL(dress.images[0].url, 'http://x').pathname });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/jpeg');
      expect(jacket.images).toHaveLength(1);

      // A second import changes nothing and downloads no photo again.
      const downloads = vinted.imageDownloads.length;
      const again = await importToTheEnd(erin);
      expect(again).toMatchObject({ status: 'completed', created: 0, updated: 0, unchanged: 2, photos: 0 });
      expect(vinted.imageDownloads).toHaveLength(downloads);
      const after = await products(erin);
      expect(after.find((p) => p.id === dress.id)).toMatchObject({ updatedAt: dress.updatedAt });
      expect(after.find((p) => p.id === dress.id)!.images).toHaveLength(2);
      // What was read from Vinted is not written back to it: no edit, no photo upload.
      expect(vinted.callsFor(erin.vintedUserId).filter((c) => c.method !== 'GET')).toEqual([]);

      // A product deleted in StoFlow while its item stays on Vinted (its withdrawal failed) is not brought back;
      // the item is skipped with the reason and the pass goes on.
      await sql(app).execute(`update ${quotedTenantSchema(erin.id)}.product set deleted_at = now() where id = ?`, [
        jacket.id,
      ]);
      const third = await importToTheEnd(erin);
      expect(third).toMatchObject({ status: 'completed', created: 0, unchanged: 1, skipped: 1 });
      expect(await products(erin)).toHaveLength(1);

      await until('the listing projected on the product', async () => {
        const v = (
          await app.inject({ method: 'GET', url: `/api/products/${dress.id}`, headers: erin.headers })
        ).json<ProductBody>();
        return v.listings.some(
          (l) =>
            l.marketplace === 'vinted' &&
            l.status === 'published' &&
            l.externalId === String(full.id) &&
            l.url === full.url,
        );
      });
    } finally {
      await erin.ext.stop();
    }
  }, 120_000);

  it('a short page marks nothing ended; a complete pass ends exactly the deleted items’ listings, stock untouched', async () => {
    const fay = await vintedSeller(app, base, vinted);
    fay.ext.start(1);
    try {
      const items = vinted.addWardrobe(fay.vintedUserId, 100);
      expect(await importToTheEnd(fay)).toMatchObject({
        status: 'completed',
        created: 100,
        ended: 0,
        incomplete: null,
      });
      const schema = quotedTenantSchema(fay.id);
      const published = async () =>
        Number(
          (
            await sql(app).execute<{ n: string }[]>(
              `select count(*) as n from ${schema}.vinted_listings where status = 'published'`,
            )
          )[0].n,
        );
      expect(await published()).toBe(100);

      const gone = [items[10], items[90]];
      for (const item of gone) vinted.deleteOnVinted(item.id);
      vinted.inject(fay.vintedUserId, 'short-page', { when: { path: /\/wardrobe\/\d+\/items\?page=1&/ } });
      const short = await importToTheEnd(fay);
      expect(short).toMatchObject({ status: 'completed', ended: 0 });
      expect(short.incomplete).toMatch(/short/);
      expect(await published()).toBe(100);

      const complete = await importToTheEnd(fay);
      expect(complete).toMatchObject({ status: 'completed', ended: 2, created: 0, incomplete: null });
      expect(await published()).toBe(98);
      const all = await products(fay);
      expect(all).toHaveLength(100);
      expect(all.every((p) => p.stockQuantity === 1)).toBe(true);
      const ended = await sql(app).execute<{ item_id: string }[]>(
        `select item_id from ${schema}.vinted_listings where status <> 'published' order by item_id`,
      );
      expect(ended.map((r) => r.item_id)).toEqual(gone.map((i) => String(i.id)).sort());
      await until('the ended listings projected on their products', async () => {
        const views = await products(fay);
        const endedOnes = views.filter((p) =>
          p.listings.some((l) => l.marketplace === 'vinted' && l.status === 'ended'),
        );
        return endedOnes.length === 2 && endedOnes.every((p) => p.stockQuantity === 1);
      });
    } finally {
      await fay.ext.stop();
    }
  }, 300_000);

  it('cancels an import mid-way: its queued calls are withdrawn and Vinted is called no more', async () => {
    const gil = await vintedSeller(app, base, vinted);
    gil.ext.start(1);
    try {
      vinted.addWardrobe(gil.vintedUserId, 60);
      const started = (await start(gil)).json<ImportBody>();
      await until(
        'a few items imported',
        async () => (await status(gil, started.id)).json<ImportBody>().progress.done >= 5,
      );

      const bob = await vintedSeller(app, base, vinted);
      const foreign = await app.inject({
        method: 'POST',
        url: `/api/vinted/import/${started.id}/cancel`,
        headers: bob.headers,
      });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().error.code).toBe('NOT_FOUND');

      const cancel = () =>
        app.inject({ method: 'POST', url: `/api/vinted/import/${started.id}/cancel`, headers: gil.headers });
      const cancelled = await cancel();
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json<ImportBody>().status).toBe('cancelled');
      const callsThen = vinted.callsFor(gil.vintedUserId).length;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(vinted.callsFor(gil.vintedUserId).length).toBe(callsThen);
      const view = (await status(gil, started.id)).json<ImportBody>();
      expect(view.status).toBe('cancelled');
      expect(view.progress.done).toBeLessThan(60);
      const [{ n }] = await sql(app).execute<{ n: string }[]>(
        `select count(*) as n from ${quotedTenantSchema(gil.id)}.plugin_tasks where status in ('pending', 'processing')`,
      );
      expect(Number(n)).toBe(0);
      const again = await cancel();
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('CONFLICT');
    } finally {
      await gil.ext.stop();
    }
  }, 120_000);

  it('carries on after a worker restart from where it was, without reading a page twice', async () => {
    const hal = await vintedSeller(app, base, vinted);
    hal.ext.start(1);
    try {
      vinted.addWardrobe(hal.vintedUserId, 100);
      const started = (await start(hal)).json<ImportBody>();
      await until('the first page and a few items read', async () => {
        const view = (await status(hal, started.id)).json<ImportBody>();
        return view.pagesRead === 1 && view.progress.done >= 10;
      });
      await worker.close();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      worker = await startSagaWorker();
      let view = started;
      await until(
        'the import',
        async () => {
          view = (await status(hal, started.id)).json<ImportBody>();
          return view.status !== 'running';
        },
        120_000,
      );
      expect(view).toMatchObject({
        status: 'completed',
        created: 100,
        pagesRead: 2,
        progress: { done: 100, total: 100 },
      });
      expect(await products(hal)).toHaveLength(100);
      const pageCalls = (n: number) =>
        vinted.callsFor(hal.vintedUserId).filter((c) => new RegExp(`/wardrobe/\\d+/items\\?page=${n}&`).test(c.path));
      expect(pageCalls(1)).toHaveLength(1);
      expect(pageCalls(2)).toHaveLength(1);
    } finally {
      await hal.ext.stop();
    }
  }, 180_000);

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
