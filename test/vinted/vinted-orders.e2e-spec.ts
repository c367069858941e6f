import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getProduct, patchProduct, seller } from '../catalog/catalog-helpers';
import { quotedTenantSchema } from '@stoflow/core';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import { sql } from '../helpers/tenants';
import {
  fastSaga,
  listableProduct,
  publishOne,
  startSagaWorker,
  until,
  vintedSeller,
  VintedSeller,
  waitForJob,
} from './jobs-helpers';
import { listeningApi } from './plugin-helpers';

interface OrderBody {
  id: string;
  marketplace: string;
  externalId: string;
  productId: string | null;
  total: string;
  status: string;
  stockOutcome: string;
  buyer: string | null;
}

interface SyncBody {
  id: string;
  status: string;
  pagesRead: number;
  ordersSeen: number;
  startedAt: string;
}

/** Vinted's sales read through the extension, page by page, and recorded as orders with `soldOn: 'vinted'`. */
describe('Vinted: orders from the account’s sales', () => {
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

  const sync = (who: VintedSeller) =>
    app.inject({ method: 'POST', url: '/api/vinted/orders/sync', headers: who.headers });
  const orders = async (who: VintedSeller) =>
    (await app.inject({ method: 'GET', url: '/api/orders?marketplace=vinted&limit=100', headers: who.headers })).json<{
      items: OrderBody[];
      total: number;
    }>();
  async function syncToTheEnd(who: VintedSeller): Promise<void> {
    const res = await sync(who);
    expect(res.statusCode).toBe(202);
    const started = res.json<SyncBody>();
    expect(started.status).toBe('running');
    await until('the pass over the sales', async () => {
      const [row] = await sql(app).execute<{ status: string }[]>(
        `select status from ${quotedTenantSchema(who.id)}.vinted_order_syncs where id = ?`,
        [started.id],
      );
      return row.status !== 'running';
    });
  }

  it('records each sale once, the sold item’s stock taken, unknown items kept, across pages and passes', async () => {
    const product = await listableProduct(app, alice, 1, { title: 'Sold on Vinted' });
    expect((await patchProduct(app, alice, product.id, { status: 'active' })).statusCode).toBe(200);
    await waitForJob(app, alice, (await publishOne(app, alice, product.id)).id);
    const item = vinted.items(alice.vintedUserId).find((i) => i.title === 'Sold on Vinted')!;
    vinted.addOrder(alice.vintedUserId, {
      title: 'Sold on Vinted',
      price: '12.5',
      itemId: item.id,
      buyer: { id: 77, login: 'buyer_77' },
    });
    // More sales than a page holds (20), of items StoFlow does not know.
    for (let i = 0; i < 21; i += 1) vinted.addOrder(alice.vintedUserId, { title: `Other ${i}`, price: 5 });

    await syncToTheEnd(alice);
    const first = await orders(alice);
    expect(first.total).toBe(22);
    expect(first.items.find((o) => o.productId === product.id)).toMatchObject({
      marketplace: 'vinted',
      total: '12.50',
      status: 'completed',
      stockOutcome: 'recorded',
      buyer: 'buyer_77',
    });
    expect(first.items.filter((o) => o.stockOutcome === 'unmatched')).toHaveLength(21);
    expect((await getProduct(app, alice, product.id)).json()).toMatchObject({ stockQuantity: 0, status: 'sold' });
    // Both pages were read through the extension, paced like every Vinted call.
    const pages = vinted.callsFor(alice.vintedUserId).filter((c) => c.path.startsWith('/api/v2/my_orders?'));
    expect(pages.map((c) => new URL(c.path, vinted.url).searchParams.get('page'))).toEqual(['1', '2']);

    await syncToTheEnd(alice);
    expect((await orders(alice)).total).toBe(22);
  });

  it('reads each new sale in detail: a bundle of two items takes a unit of each product, once', async () => {
    const ids: string[] = [];
    for (const title of ['Bundle skirt', 'Bundle scarf']) {
      const product = await listableProduct(app, alice, 1, { title });
      expect((await patchProduct(app, alice, product.id, { status: 'active' })).statusCode).toBe(200);
      await waitForJob(app, alice, (await publishOne(app, alice, product.id)).id);
      ids.push(product.id);
    }
    const items = ['Bundle skirt', 'Bundle scarf'].map((title) =>
      vinted.items(alice.vintedUserId).find((i) => i.title === title)!,
    );
    const bundle = vinted.addOrder(alice.vintedUserId, {
      title: '2 items',
      price: '30',
      items: [
        { itemId: items[0].id, title: 'Bundle skirt', price: '18' },
        { itemId: items[1].id, title: 'Bundle scarf', price: '12' },
      ],
    });
    await syncToTheEnd(alice);
    const lines = (await orders(alice)).items.filter((o) => o.externalId === String(bundle.transactionId));
    expect(lines.map((l) => [l.productId, l.total, l.stockOutcome]).sort()).toEqual(
      [
        [ids[0], '18.00', 'recorded'],
        [ids[1], '12.00', 'recorded'],
      ].sort(),
    );
    for (const id of ids) {
      expect((await getProduct(app, alice, id)).json()).toMatchObject({ stockQuantity: 0, status: 'sold' });
    }
    // Read in detail once: the next pass follows the recorded lines from the page alone.
    const details = () =>
      vinted.callsFor(alice.vintedUserId).filter((c) => c.path === `/api/v2/transactions/${bundle.transactionId}`)
        .length;
    expect(details()).toBe(1);
    await syncToTheEnd(alice);
    expect(details()).toBe(1);
    expect((await orders(alice)).items.filter((o) => o.externalId === String(bundle.transactionId))).toHaveLength(2);
  });

  it('a sync asked for while a pass runs gets one more pass, which sees a sale the running one read too early', async () => {
    const product = await listableProduct(app, alice, 1, { title: 'Sold mid-pass' });
    expect((await patchProduct(app, alice, product.id, { status: 'active' })).statusCode).toBe(200);
    await waitForJob(app, alice, (await publishOne(app, alice, product.id)).id);
    const item = vinted.items(alice.vintedUserId).find((i) => i.title === 'Sold mid-pass')!;
    // Two pages of sales (20 a page); page 2 of the running pass answers slowly: the sale comes once page 1 is
    // read (newest first, it lands on page 1), and the seller asks again.
    for (let i = 0; i < 21; i += 1) vinted.addOrder(alice.vintedUserId, { title: `Earlier ${i}`, price: 5 });
    vinted.inject(alice.vintedUserId, 'slow', { delayMs: 1_500, when: { path: /^\/api\/v2\/my_orders\?.*page=2/ } });
    const pagesBefore = vinted
      .callsFor(alice.vintedUserId)
      .filter((c) => c.path.startsWith('/api/v2/my_orders?')).length;
    const first = (await sync(alice)).json<SyncBody>();
    await until(
      'page 2 asked for',
      () =>
        vinted.callsFor(alice.vintedUserId).filter((c) => c.path.startsWith('/api/v2/my_orders?')).length >=
        pagesBefore + 2,
    );
    vinted.addOrder(alice.vintedUserId, { title: 'Sold mid-pass', price: '9', itemId: item.id });
    const second = (await sync(alice)).json<SyncBody>();
    expect(second).toMatchObject({ id: first.id, status: 'running' });

    await until('the sale recorded by the pass that followed', async () =>
      (await orders(alice)).items.some((o) => o.productId === product.id),
    );
    const passes = await sql(app).execute<{ id: string }[]>(
      `select id from ${quotedTenantSchema(alice.id)}.vinted_order_syncs where started_at >= ? order by started_at`,
      [new Date(first.startedAt)],
    );
    expect(passes.map((p) => p.id)[0]).toBe(first.id);
    expect(passes).toHaveLength(2);
  });

  it('refuses a sync without a paired extension, and keeps each seller’s orders to themselves', async () => {
    const bob = await vintedSeller(app, base, vinted);
    expect((await orders(bob)).total).toBe(0);
    const unpaired = await app.inject({
      method: 'POST',
      url: '/api/vinted/orders/sync',
      headers: (await seller(app)).headers,
    });
    expect(unpaired.statusCode).toBe(422);
    expect(unpaired.json().error.code).toBe('MARKETPLACE_NOT_CONNECTED');
  });
});
