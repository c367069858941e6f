import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RecordSaleCommand } from '@stoflow/catalog';
import { TenantContext } from '@stoflow/core';
import { OrderLine, RecordOrderCommand } from '@stoflow/publishing';
import { patchProduct } from '../catalog/catalog-helpers';
import { me } from '../helpers/auth';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import { TestMarketplaceDriver, TestMarketplaceModule } from '../fakes/marketplace/test-marketplace.driver';
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
import { listeningApi, sleep } from '../vinted/plugin-helpers';

/** The starter tier's daily publishes, lowered in this suite's own database. */
const LIMIT = 3;

/**
 * The publishing layer with two marketplaces plugged in: Vinted through the extension, and a test marketplace in
 * the place of eBay (test/fakes/marketplace). What is shared must hold across both: one jobs list, one quota, and
 * a sale on one marketplace withdrawing the product from the others only.
 */
describe('Publishing: jobs, quota and reactions across marketplaces', () => {
  // A database (and queues) of its own: the workers of the suites running beside this one have no test
  // marketplace, and would take its job steps only to leave them waiting for a driver they do not have.
  const shared = { ...process.env };
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let vinted: FakeVinted;
  let alice: VintedSeller;

  beforeAll(async () => {
    await createTestDatabase();
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi(false, TestMarketplaceModule));
    worker = await startSagaWorker(TestMarketplaceModule);
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
    if (process.env.STOFLOW_TEST_DATABASE !== shared.STOFLOW_TEST_DATABASE) {
      await dropDatabaseAndRoles(process.env.STOFLOW_TEST_DATABASE!);
    }
    process.env = shared;
  });

  async function sellerOnBoth(): Promise<VintedSeller> {
    const who = await vintedSeller(app, base, vinted);
    TestMarketplaceDriver.connectedUsers.add(who.id);
    return who;
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
    for (const job of jobs) expect((await waitForJob(app, who, job.id)).status).toBe('completed');
    return product.id;
  }

  it('a sale on Vinted withdraws the product from the other marketplaces and leaves the Vinted item alone', async () => {
    const productId = await publishedOnBoth(alice, 'Sold on Vinted');
    const item = vinted.items(alice.vintedUserId).find((i) => i.title === 'Sold on Vinted')!;
    expect(TestMarketplaceDriver.listings.has(productId)).toBe(true);

    expect(await recordSale(alice, productId, 'vinted', 'vinted-tx-1')).toMatchObject({ soldOut: true });
    await until('the eBay listing withdrawn', async () => {
      const withdrawals = await jobsOf(alice, `productId=${productId}&marketplace=ebay&status=completed`);
      return withdrawals.items.some((j) => j.action === 'delete');
    });
    await outboxDrained(alice);
    expect(TestMarketplaceDriver.listings.has(productId)).toBe(false);

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
    expect(TestMarketplaceDriver.listings.has(productId)).toBe(true);
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
    expect(TestMarketplaceDriver.listings.has(productId)).toBe(false);

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
    expect(TestMarketplaceDriver.listings.has(productId)).toBe(false);
    expect((await jobsOf(alice, `productId=${productId}&marketplace=vinted`)).items.map((j) => j.action)).toEqual([
      'publish',
    ]);
  });

  it('a cancelled order publishes the product again, once, where its sale withdrew it when relistOnCancel is on', async () => {
    const productId = await soldThenCancelled('Cancelled, back up', true);

    await until('the eBay listing back', () => TestMarketplaceDriver.listings.has(productId));
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

    TestMarketplaceDriver.connectedUsers.add(erin.id);
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
    TestMarketplaceDriver.refusingWithdrawal.add(productId);
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
      TestMarketplaceDriver.downForWithdrawal.add(productId);
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

      TestMarketplaceDriver.downForWithdrawal.delete(productId);
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
