import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RecordSaleCommand } from '@stoflow/catalog';
import { TenantContext } from '@stoflow/core';
import { OrderLine, RecordOrderCommand } from '@stoflow/publishing';
import { patchProduct } from '../catalog/catalog-helpers';
import { me } from '../helpers/auth';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import { FakeEbay } from '../fakes/ebay/fake-ebay';
import { FakeEtsy } from '../fakes/etsy/fake-etsy';
import { connectEbay, listeningApiServingMedia } from '../ebay/ebay-helpers';
import { connectEtsy } from '../etsy/etsy-helpers';
import { sql } from '../helpers/tenants';
import { createTestDatabase } from '../setup/test-database-migrate';
import { dropDatabaseAndRoles } from '../setup/test-database';
import { JobSettings } from '../../libs/publishing/src/jobs/job-settings';
import {
  bulkPublish,
  getJob,
  fastSaga,
  JobBody,
  listableProduct,
  publish,
  startSagaWorker,
  until,
  vintedSeller,
  VintedSeller,
  waitForJob,
} from '../vinted/jobs-helpers';
import { sleep } from '../vinted/plugin-helpers';

type EbayAndVinted = VintedSeller & { ebayUsername: string };

/** The starter tier's daily publishes, lowered in this suite's own database. */
const LIMIT = 3;

/**
 * The publishing layer with two marketplaces plugged in: Vinted through the extension, and eBay (against the fake
 * eBay). What is shared must hold across both: one jobs list, one quota, and a sale on one marketplace
 * withdrawing the product from the others only.
 */
describe('Publishing: jobs, quota and reactions across marketplaces', () => {
  // A database (and queues) of its own, with the quota lowered below.
  const shared = { ...process.env };
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let vinted: FakeVinted;
  let ebay: FakeEbay;
  let etsy: FakeEtsy;
  let alice: EbayAndVinted;
  /** Alice's Etsy shop, once the Etsy test below has connected it. */
  let aliceShop: string;

  beforeAll(async () => {
    await createTestDatabase();
    vinted = await FakeVinted.start();
    ebay = await FakeEbay.start();
    etsy = await FakeEtsy.start();
    Object.assign(process.env, ebay.env(), etsy.env());
    ({ app, base } = await listeningApiServingMedia());
    worker = await startSagaWorker();
    fastSaga(app);
    alice = await sellerOnBoth();
    alice.ext.start(1);
    await sql(app).execute("update public.subscription_quotas set publishes_per_day = ? where tier = 'starter'", [
      LIMIT,
    ]);
  });
  afterAll(async () => {
    await alice.ext.stop();
    await worker?.close();
    await app?.close();
    await vinted?.close();
    await ebay?.close();
    await etsy?.close();
    if (process.env.STOFLOW_TEST_DATABASE !== shared.STOFLOW_TEST_DATABASE) {
      await dropDatabaseAndRoles(process.env.STOFLOW_TEST_DATABASE!);
    }
    process.env = shared;
  });

  afterEach(() => {
    ebay.clearFaults();
    expect(ebay.violations).toEqual([]);
  });

  async function sellerOnBoth(): Promise<EbayAndVinted> {
    const who = await vintedSeller(app, base, vinted);
    const { ebayUsername } = await connectEbay(app, ebay, who);
    return { ...who, ebayUsername };
  }

  /** The product's live listings on the fake eBay. */
  function onEbay(who: EbayAndVinted, productId: string) {
    const sku = `SF${productId.replace(/-/g, '').toUpperCase()}FR`;
    return ebay.listings(who.ebayUsername).filter((l) => l.sku === sku && l.status === 'ACTIVE');
  }

  async function openAlerts(): Promise<{ kind: string; subject: string }[]> {
    const res = await app.inject({ method: 'GET', url: '/api/alerts?limit=100', headers: alice.headers });
    return res.json<{ items: { kind: string; subject: string }[] }>().items;
  }

  async function jobsOf(who: VintedSeller, query: string): Promise<{ items: JobBody[]; total: number }> {
    const res = await app.inject({ method: 'GET', url: `/api/jobs?${query}`, headers: who.headers });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  /** Every event of the tenant relayed: the reactions to a sale have all run. */
  async function outboxDrained(who: VintedSeller): Promise<void> {
    await until('the outbox relayed', async () => {
      const [{ n }] = await sql(app).execute<{ n: number }[]>(
        'select count(*)::int as n from public.outbox_events where tenant_id = ? and sent_at is null',
        [who.id],
      );
      return n === 0;
    });
  }

  function recordSale(who: VintedSeller, productId: string, marketplace: 'vinted' | 'ebay', orderId: string) {
    return app
      .get(TenantContext)
      .run(who.id, () => app.get(CommandBus).execute(new RecordSaleCommand(productId, { marketplace, orderId })));
  }

  async function publishedOnBoth(who: VintedSeller, title: string): Promise<string> {
    const product = await listableProduct(app, who, 1, { title });
    expect((await patchProduct(app, who, product.id, { status: 'active' })).statusCode).toBe(200);
    const res = await publish(app, who, product.id, ['vinted', 'ebay']);
    expect(res.statusCode).toBe(202);
    const jobs = res.json<{ jobs: JobBody[] }>().jobs;
    expect(jobs.map((j) => (j as JobBody & { marketplace: string }).marketplace).sort()).toEqual(['ebay', 'vinted']);
    for (const job of jobs) {
      const done = await waitForJob(app, who, job.id);
      expect({ status: done.status, error: done.error }).toEqual({ status: 'completed', error: null });
    }
    return product.id;
  }

  it('a sale on Vinted withdraws the product from the other marketplaces and leaves the Vinted item alone', async () => {
    const productId = await publishedOnBoth(alice, 'Sold on Vinted');
    const item = vinted.items(alice.vintedUserId).find((i) => i.title === 'Sold on Vinted')!;
    expect(onEbay(alice, productId)).toHaveLength(1);

    expect(await recordSale(alice, productId, 'vinted', 'vinted-tx-1')).toMatchObject({ soldOut: true });
    await until('the eBay listing withdrawn', async () => {
      const withdrawals = await jobsOf(alice, `productId=${productId}&marketplace=ebay&status=completed`);
      return withdrawals.items.some((j) => j.action === 'delete');
    });
    await outboxDrained(alice);
    expect(onEbay(alice, productId)).toHaveLength(0);

    const ebay = await jobsOf(alice, `productId=${productId}&marketplace=ebay`);
    expect(ebay.items.map((j) => [j.action, j.status])).toEqual([
      ['delete', 'completed'],
      ['publish', 'completed'],
    ]);
    const onVinted = await jobsOf(alice, `productId=${productId}&marketplace=vinted`);
    expect(onVinted.items.map((j) => j.action)).toEqual(['publish']);
    expect(vinted.items(alice.vintedUserId).some((i) => i.id === item.id)).toBe(true);
    expect(vinted.deletedItems(alice.vintedUserId).some((i) => i.id === item.id)).toBe(false);
  });

  it('a sale on the other marketplace withdraws the Vinted item and leaves that listing alone', async () => {
    const productId = await publishedOnBoth(alice, 'Sold on eBay');
    const item = vinted.items(alice.vintedUserId).find((i) => i.title === 'Sold on eBay')!;

    await recordSale(alice, productId, 'ebay', 'ebay-order-1');
    await until('the Vinted item withdrawn', () => !vinted.items(alice.vintedUserId).some((i) => i.id === item.id));
    await outboxDrained(alice);

    expect((await jobsOf(alice, `productId=${productId}&marketplace=ebay`)).items.map((j) => j.action)).toEqual([
      'publish',
    ]);
    expect(onEbay(alice, productId)).toHaveLength(1);
  });

  it('an eBay sale read by the order sync is recorded once, and withdraws the Vinted item', async () => {
    const productId = await publishedOnBoth(alice, 'Bought on eBay');
    const item = vinted.items(alice.vintedUserId).find((i) => i.title === 'Bought on eBay')!;
    const [listing] = onEbay(alice, productId);
    const order = ebay.addOrder(alice.ebayUsername, { buyer: 'ebay_buyer', lineItems: [{ sku: listing.sku }] });
    const sync = () => app.inject({ method: 'POST', url: '/api/ebay/orders/sync', headers: alice.headers });
    const ordersOfProduct = async () =>
      (await app.inject({ method: 'GET', url: `/api/orders?productId=${productId}`, headers: alice.headers })).json<{
        items: { externalId: string; marketplace: string; stockOutcome: string }[];
      }>().items;

    expect((await sync()).statusCode).toBe(202);
    await until('the eBay order recorded', async () => (await ordersOfProduct()).length === 1);
    await until('the Vinted item withdrawn', () => !vinted.items(alice.vintedUserId).some((i) => i.id === item.id));
    await outboxDrained(alice);
    expect(await ordersOfProduct()).toEqual([
      expect.objectContaining({ externalId: order.orderId, marketplace: 'ebay', stockOutcome: 'recorded' }),
    ]);
    // Sold on eBay: that listing is left alone (it ended there with the sale).
    expect((await jobsOf(alice, `productId=${productId}&marketplace=ebay`)).items.map((j) => j.action)).toEqual([
      'publish',
    ]);

    // A second pass reads the order again: still one order, one sale.
    const passes = ebay.callsOf('getOrders', alice.ebayUsername).length;
    expect((await sync()).statusCode).toBe(202);
    await until('a second pass', () => ebay.callsOf('getOrders', alice.ebayUsername).length > passes);
    await outboxDrained(alice);
    expect(await ordersOfProduct()).toHaveLength(1);
    expect((await jobsOf(alice, `productId=${productId}&marketplace=vinted`)).items.map((j) => j.action)).toEqual([
      'delete',
      'publish',
    ]);
  });

  it('last-unit sales on eBay and Vinted at once: one recorded, one oversold and said, stock never below 0', async () => {
    const productId = await publishedOnBoth(alice, 'Sold twice at once');
    const item = vinted.items(alice.vintedUserId).find((i) => i.title === 'Sold twice at once')!;
    const [listing] = onEbay(alice, productId);
    vinted.addOrder(alice.vintedUserId, { title: 'Sold twice at once', price: '12.5', itemId: item.id });
    ebay.addOrder(alice.ebayUsername, { lineItems: [{ sku: listing.sku }] });
    const [onVintedSync, onEbaySync] = await Promise.all([
      app.inject({ method: 'POST', url: '/api/vinted/orders/sync', headers: alice.headers }),
      app.inject({ method: 'POST', url: '/api/ebay/orders/sync', headers: alice.headers }),
    ]);
    expect([onVintedSync.statusCode, onEbaySync.statusCode]).toEqual([202, 202]);
    const ordersOf = async () =>
      (await app.inject({ method: 'GET', url: `/api/orders?productId=${productId}`, headers: alice.headers })).json<{
        items: { marketplace: string; stockOutcome: string }[];
      }>().items;
    await until('both sales seen', async () => (await ordersOf()).length === 2, 30_000);
    expect((await ordersOf()).map((o) => o.stockOutcome).sort()).toEqual(['oversold', 'recorded']);
    const product = await app.inject({ method: 'GET', url: `/api/products/${productId}`, headers: alice.headers });
    expect(product.json()).toMatchObject({ stockQuantity: 0, status: 'sold' });
    expect(await openAlerts()).toContainEqual(expect.objectContaining({ kind: 'oversold' }));
  });

  it('a sale on eBay of one of three units leaves the Vinted item listed and puts eBay at two', async () => {
    const product = await listableProduct(app, alice, 1, { title: 'Three of them', stockQuantity: 3 });
    expect((await patchProduct(app, alice, product.id, { status: 'active' })).statusCode).toBe(200);
    const res = await publish(app, alice, product.id, ['vinted', 'ebay']);
    for (const job of res.json<{ jobs: JobBody[] }>().jobs) {
      expect((await waitForJob(app, alice, job.id)).status).toBe('completed');
    }
    const [listing] = onEbay(alice, product.id);
    expect(listing.quantity).toBe(3);
    ebay.addOrder(alice.ebayUsername, { lineItems: [{ sku: listing.sku, quantity: 1 }] });
    // The marketplace lowers its own count with the sale; StoFlow's stock follows, then every listing follows it.
    ebay.listings(alice.ebayUsername).find((l) => l.listingId === listing.listingId)!.quantity = 3;
    await app.inject({ method: 'POST', url: '/api/ebay/orders/sync', headers: alice.headers });
    await until('eBay shows two', () => onEbay(alice, product.id)[0]?.quantity === 2, 30_000);
    await outboxDrained(alice);
    const stock = await app.inject({ method: 'GET', url: `/api/products/${product.id}`, headers: alice.headers });
    expect(stock.json()).toMatchObject({ stockQuantity: 2 });
    expect(vinted.items(alice.vintedUserId).some((i) => i.title === 'Three of them')).toBe(true);
    expect((await jobsOf(alice, `productId=${product.id}&marketplace=vinted`)).items.map((j) => j.action)).toEqual([
      'publish',
    ]);
  });

  it('a sale on Etsy withdraws the eBay and Vinted listings, and leaves the Etsy one', async () => {
    // Alice's Etsy shop, connected and set up through the API.
    const { shop: shopName } = await connectEtsy(app, etsy, alice);
    aliceShop = shopName;

    const product = await listableProduct(app, alice, 1, { title: 'Everywhere at once', whenMade: '1970s' });
    expect((await patchProduct(app, alice, product.id, { status: 'active' })).statusCode).toBe(200);
    const res = await publish(app, alice, product.id, ['vinted', 'ebay', 'etsy']);
    expect(res.statusCode).toBe(202);
    for (const job of res.json<{ jobs: JobBody[] }>().jobs) {
      const done = await waitForJob(app, alice, job.id);
      expect({ status: done.status, error: done.error }).toEqual({ status: 'completed', error: null });
    }
    const item = vinted.items(alice.vintedUserId).find((i) => i.title === 'Everywhere at once')!;
    const listing = etsy.listings(shopName).find((l) => l.title === 'Everywhere at once')!;
    etsy.addReceipt(shopName, listing.listing_id);
    expect(
      (await app.inject({ method: 'POST', url: '/api/etsy/orders/sync', headers: alice.headers })).statusCode,
    ).toBe(202);

    await until('the Vinted item withdrawn', () => !vinted.items(alice.vintedUserId).some((i) => i.id === item.id));
    await until('the eBay listing withdrawn', () => onEbay(alice, product.id).length === 0);
    await outboxDrained(alice);
    expect((await jobsOf(alice, `productId=${product.id}&marketplace=etsy`)).items.map((j) => j.action)).toEqual([
      'publish',
    ]);
    expect(listing.state).toBe('sold_out');
  });

  it('a sale on eBay of one of three units keeps the Vinted and Etsy listings, and puts Etsy at two', async () => {
    const product = await listableProduct(app, alice, 1, {
      title: 'Three everywhere',
      stockQuantity: 3,
      whenMade: '1980s',
    });
    expect((await patchProduct(app, alice, product.id, { status: 'active' })).statusCode).toBe(200);
    const res = await publish(app, alice, product.id, ['vinted', 'ebay', 'etsy']);
    for (const job of res.json<{ jobs: JobBody[] }>().jobs) {
      expect((await waitForJob(app, alice, job.id)).status).toBe('completed');
    }
    const onEtsy = () => etsy.listings(aliceShop).find((l) => l.title === 'Three everywhere')!;
    expect(onEtsy()).toMatchObject({ state: 'active', quantity: 3 });
    ebay.addOrder(alice.ebayUsername, { lineItems: [{ sku: onEbay(alice, product.id)[0].sku, quantity: 1 }] });
    await app.inject({ method: 'POST', url: '/api/ebay/orders/sync', headers: alice.headers });
    await until('Etsy shows two', () => onEtsy().inventory?.quantity === 2, 30_000);
    await outboxDrained(alice);
    expect(onEtsy().state).toBe('active');
    expect(vinted.items(alice.vintedUserId).some((i) => i.title === 'Three everywhere')).toBe(true);
    for (const marketplace of ['vinted', 'etsy']) {
      const actions = (await jobsOf(alice, `productId=${product.id}&marketplace=${marketplace}`)).items.map(
        (j) => j.action,
      );
      expect(actions).not.toContain('delete');
    }
  });

  function recordOrder(who: VintedSeller, productId: string, externalId: string, status: OrderLine['status']) {
    const line: OrderLine = {
      marketplace: 'vinted',
      externalId,
      lineId: '1',
      productId,
      quantity: 1,
      total: '20.00',
      currency: 'EUR',
      status,
      soldAt: new Date(),
    };
    return app.get(TenantContext).run(who.id, () => app.get(CommandBus).execute(new RecordOrderCommand(line)));
  }

  /** Sold on Vinted, withdrawn from eBay by the sale, then the Vinted order is cancelled. */
  async function soldThenCancelled(title: string, relistOnCancel: boolean): Promise<string> {
    const productId = await publishedOnBoth(alice, title);
    const flag = await patchProduct(app, alice, productId, { relistOnCancel });
    expect(flag.json()).toMatchObject({ relistOnCancel });
    await recordOrder(alice, productId, `tx-${title}`, 'paid');
    await until('the eBay listing withdrawn', async () => {
      const withdrawals = await jobsOf(alice, `productId=${productId}&marketplace=ebay&status=completed`);
      return withdrawals.items.some((j) => j.action === 'delete');
    });
    await outboxDrained(alice);
    expect(onEbay(alice, productId)).toHaveLength(0);

    await Promise.all([
      recordOrder(alice, productId, `tx-${title}`, 'cancelled'),
      recordOrder(alice, productId, `tx-${title}`, 'cancelled'),
    ]);
    await recordOrder(alice, productId, `tx-${title}`, 'refunded');
    const product = await app.inject({ method: 'GET', url: `/api/products/${productId}`, headers: alice.headers });
    expect(product.json()).toMatchObject({ stockQuantity: 1, status: 'active' });
    return productId;
  }

  it('a cancelled order gives the unit back and relists nothing when relistOnCancel is off', async () => {
    const productId = await soldThenCancelled('Cancelled, stays down', false);
    await outboxDrained(alice);

    const ebay = await jobsOf(alice, `productId=${productId}&marketplace=ebay`);
    expect(ebay.items.map((j) => j.action)).toEqual(['delete', 'publish']);
    expect(onEbay(alice, productId)).toHaveLength(0);
    expect((await jobsOf(alice, `productId=${productId}&marketplace=vinted`)).items.map((j) => j.action)).toEqual([
      'publish',
    ]);
  });

  it('a cancelled order publishes the product again, once, where its sale withdrew it when relistOnCancel is on', async () => {
    const productId = await soldThenCancelled('Cancelled, back up', true);

    await until('the eBay listing back', async () => {
      const published = await jobsOf(alice, `productId=${productId}&marketplace=ebay&status=completed`);
      return published.items.filter((j) => j.action === 'publish').length === 2;
    });
    expect(onEbay(alice, productId)).toHaveLength(1);
    await outboxDrained(alice);
    const ebay = await jobsOf(alice, `productId=${productId}&marketplace=ebay`);
    expect(ebay.items.map((j) => [j.action, j.status])).toEqual([
      ['publish', 'completed'],
      ['delete', 'completed'],
      ['publish', 'completed'],
    ]);
    // The marketplace the order was cancelled on is left alone.
    expect((await jobsOf(alice, `productId=${productId}&marketplace=vinted`)).items.map((j) => j.action)).toEqual([
      'publish',
    ]);
  });

  it('lists, filters and pages the jobs of both marketplaces together, in one answer', async () => {
    const carol = await sellerOnBoth();
    const products = await Promise.all(
      [1, 2, 3].map((i) => listableProduct(app, carol, 1, { title: `Listed everywhere ${i}` })),
    );
    const res = await bulkPublish(
      app,
      carol,
      products.map((p) => p.id),
      ['vinted', 'ebay'],
    );
    expect(res.statusCode).toBe(202);
    const { batchId, jobs } = res.json<{ batchId: string; jobs: JobBody[] }>();
    expect(jobs).toHaveLength(6);

    const all = await jobsOf(carol, 'limit=4');
    expect(all.total).toBe(6);
    expect(all.items).toHaveLength(4);
    const rest = await jobsOf(carol, 'limit=4&page=2');
    expect(rest.items).toHaveLength(2);
    const seen = [...all.items, ...rest.items].map((j) => j.id).sort();
    expect(seen).toEqual(jobs.map((j) => j.id).sort());

    const ebay = await jobsOf(carol, 'marketplace=ebay');
    expect(ebay.total).toBe(3);
    expect(ebay.items.every((j) => (j as JobBody & { marketplace: string }).marketplace === 'ebay')).toBe(true);
    expect((await jobsOf(carol, `batchId=${batchId}&marketplace=vinted&limit=2`)).total).toBe(3);
    expect((await jobsOf(carol, `productId=${products[0].id}`)).total).toBe(2);
    expect((await jobsOf(carol, `batchId=${batchId}&page=9`)).items).toEqual([]);
    await carol.ext.stop();
  });

  it('counts the daily publish quota across marketplaces', async () => {
    const dave = await sellerOnBoth();
    await sql(app).execute("update public.users set tier = 'starter' where id = ?", [dave.id]);
    const [a, b] = await Promise.all([1, 2].map((i) => listableProduct(app, dave, 1, { title: `Quota ${i}` })));

    // Two jobs (Vinted and eBay) count two publishes.
    expect((await publish(app, dave, a.id, ['vinted', 'ebay'])).statusCode).toBe(202);
    const used = (await me(app, dave.accessToken)).json<{ quotas: { publishesToday: { used: number } } }>();
    expect(used.quotas.publishesToday.used).toBe(2);

    // 2 used + 2 asked > 3: refused as a whole, nothing queued on either marketplace.
    const over = await publish(app, dave, b.id, ['vinted', 'ebay']);
    expect(over.statusCode).toBe(403);
    expect(over.json().error.code).toBe('QUOTA_EXCEEDED');
    expect((await jobsOf(dave, `productId=${b.id}`)).total).toBe(0);
    expect((await publish(app, dave, b.id, ['ebay'])).statusCode).toBe(202);
  });

  it('refuses a publish as a whole, listing every problem of every marketplace', async () => {
    const erin = await vintedSeller(app, base, vinted);
    const product = await listableProduct(app, erin, 1, { brandId: null });
    const notConnected = await publish(app, erin, product.id, ['vinted', 'ebay']);
    expect(notConnected.statusCode).toBe(422);
    expect(notConnected.json().error).toMatchObject({
      code: 'MARKETPLACE_NOT_CONNECTED',
      details: [{ field: 'marketplaces', marketplace: 'ebay' }],
    });

    await connectEbay(app, ebay, erin);
    const incomplete = await publish(app, erin, product.id, ['vinted', 'ebay']);
    expect(incomplete.statusCode).toBe(422);
    const { code, details } = incomplete.json().error as { code: string; details: Record<string, string>[] };
    expect(code).toBe('PRODUCT_INCOMPLETE_FOR_MARKETPLACE');
    expect(details.map((d) => [d.marketplace, d.field]).sort()).toEqual([
      ['ebay', 'brandId'],
      ['vinted', 'brandId'],
    ]);
    expect((await jobsOf(erin, `productId=${product.id}`)).total).toBe(0);
  });

  it('alerts the seller when a withdrawal fails, since the item may still sell there', async () => {
    const productId = await publishedOnBoth(alice, 'Cannot be withdrawn');
    // eBay refuses to end the listing (errorId 25019: it cannot be revised now).
    ebay.fault({
      operation: 'withdrawOffer',
      status: 400,
      errorId: 25019,
      times: Infinity,
      seller: alice.ebayUsername,
    });
    const res = await app.inject({
      method: 'POST',
      url: `/api/products/${productId}/unpublish`,
      headers: alice.headers,
      payload: { marketplaces: ['ebay'] },
    });
    expect(res.statusCode).toBe(202);
    const job = await waitForJob(app, alice, res.json<{ jobs: JobBody[] }>().jobs[0].id);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'EBAY_REJECTED' } });
    const alerts = await app.inject({ method: 'GET', url: '/api/alerts', headers: alice.headers });
    expect(alerts.json<{ items: { kind: string; subject: string }[] }>().items).toContainEqual(
      expect.objectContaining({ kind: 'withdrawal-failed', subject: `ebay:${productId}` }),
    );
  });

  it('never gives up a withdrawal on a marketplace that is down: the seller is alerted, and it goes through later', async () => {
    const settings = worker.get(JobSettings);
    const saved = settings.withdrawAlertAfterMs;
    settings.withdrawAlertAfterMs = 0;
    try {
      const productId = await publishedOnBoth(alice, 'Withdrawn late');
      ebay.fault({ operation: 'withdrawOffer', status: 503, times: Infinity, seller: alice.ebayUsername });
      const res = await app.inject({
        method: 'POST',
        url: `/api/products/${productId}/unpublish`,
        headers: alice.headers,
        payload: { marketplaces: ['ebay'] },
      });
      const jobId = res.json<{ jobs: JobBody[] }>().jobs[0].id;
      const late = () => openAlerts().then((items) => items.some((a) => a.kind === 'withdrawal-late'));
      // Past every transient retry a publish would get, the withdrawal is still trying.
      await waitForJob(app, alice, jobId, (j) => j.error?.code === 'EBAY_RETRYING');
      await until('the late withdrawal alerted', late);
      await sleep(1_500);
      expect(await getJob(app, alice, jobId)).toMatchObject({ status: 'running', error: { code: 'EBAY_RETRYING' } });

      ebay.clearFaults();
      expect((await waitForJob(app, alice, jobId, undefined, 30_000)).status).toBe('completed');
      expect(await late()).toBe(false);
    } finally {
      settings.withdrawAlertAfterMs = saved;
    }
  });

  it('answers the job already publishing a product rather than queueing a second one', async () => {
    const frank = await sellerOnBoth();
    const product = await listableProduct(app, frank, 1, { title: 'Asked twice' });
    const first = (await publish(app, frank, product.id, ['vinted'])).json<{ jobs: JobBody[] }>().jobs[0];
    await waitForJob(app, frank, first.id, (j) => j.status === 'running');
    const again = await publish(app, frank, product.id, ['vinted']);
    expect(again.statusCode).toBe(202);
    expect(again.json<{ jobs: JobBody[] }>().jobs.map((j) => j.id)).toEqual([first.id]);
  });
});
