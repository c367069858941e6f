import { INestApplicationContext } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { patchProduct, seller, Seller } from '../catalog/catalog-helpers';
import { upload } from '../catalog/images-helpers';
import { listeningApiServingMedia } from '../ebay/ebay-helpers';
import { connectEtsy as connectEtsyWith, consentOnEtsy, EtsySeller } from './etsy-helpers';
import { FakeEtsy } from '../fakes/etsy/fake-etsy';
import { sql } from '../helpers/tenants';
import {
  fastSaga,
  getJob,
  JobBody,
  listableProduct,
  photo,
  publish,
  startSagaWorker,
  until,
  waitForJob,
} from '../vinted/jobs-helpers';

const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

/** A notice as Etsy's webhook portal sends it (Standard Webhooks). */
function signed(body: object, options: { secret?: string; at?: number; id?: string } = {}) {
  const raw = JSON.stringify(body);
  const id = options.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const timestamp = String(options.at ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from((options.secret ?? WEBHOOK_SECRET).replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${raw}`).digest('base64');
  return {
    payload: raw,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    },
  };
}

/**
 * Etsy end to end through the public API, against the fake Etsy (test/fakes/etsy) pointed to by the ETSY_*
 * settings only: connect with PKCE, set up, publish vintage items, refuse others, update, withdraw, receipts,
 * faults and isolation.
 */
describe('Etsy', () => {
  const saved = { ...process.env };
  let fake: FakeEtsy;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let alice: EtsySeller;

  beforeAll(async () => {
    fake = await FakeEtsy.start();
    Object.assign(process.env, fake.env(), { ETSY_WEBHOOK_SECRET: WEBHOOK_SECRET });
    ({ app } = await listeningApiServingMedia());
    worker = await startSagaWorker();
    fastSaga(app);
    alice = await connectEtsy(await seller(app));
  });
  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await fake?.close();
    process.env = saved;
  });
  afterEach(() => {
    fake.clearFaults();
    expect(fake.violations).toEqual([]);
  });

  const consent = (who: Seller, shop: string) => consentOnEtsy(app, fake, who, shop);
  const connectEtsy = (who: Seller, options: { country?: string } = {}) => connectEtsyWith(app, fake, who, options);

  async function vintageProduct(who: Seller, extra: Record<string, unknown> = {}) {
    const product = await listableProduct(app, who, 2, { currency: 'EUR', whenMade: '1980s', ...extra });
    expect((await patchProduct(app, who, product.id, { status: 'active' })).statusCode).toBe(200);
    return product;
  }

  async function publishedOnEtsy(who: EtsySeller, extra: Record<string, unknown> = {}) {
    const product = await vintageProduct(who, extra);
    const res = await publish(app, who, product.id, ['etsy']);
    expect(res.statusCode).toBe(202);
    const done = await waitForJob(app, who, res.json<{ jobs: JobBody[] }>().jobs[0].id);
    expect({ status: done.status, error: done.error }).toEqual({ status: 'completed', error: null });
    const sku = product.id.replace(/-/g, '').toUpperCase();
    const listing = fake.listings(who.shop).find((l) => l.inventory?.sku === sku)!;
    return { product, job: done, listing };
  }

  it('connects a shop with PKCE, keeps the tokens sealed, and spends the state once', async () => {
    const bob = await seller(app);
    fake.addShop('bobs_vintage', { country: 'US', currency: 'USD' });
    const start = await app.inject({ method: 'GET', url: '/api/etsy/connect', headers: bob.headers });
    const url = new URL(start.json<{ authorizationUrl: string }>().authorizationUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('listings_r listings_w listings_d shops_r transactions_r');
    const back = await fake.consent(url.toString(), 'bobs_vintage');
    const res = await app.inject({ method: 'GET', url: `/api/etsy/callback?code=${back.code}&state=${back.state}` });
    expect(res.json()).toEqual({ marketplace: 'etsy', status: 'connected', account: 'bobs_vintage' });
    const again = await app.inject({ method: 'GET', url: `/api/etsy/callback?code=${back.code}&state=${back.state}` });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toMatch(/already used/);
    const [row] = await sql(app).execute<Record<string, unknown>[]>(
      'select * from public.etsy_accounts where user_id = ?',
      [bob.id],
    );
    expect(JSON.stringify(row)).not.toMatch(/"\d+\.[A-Za-z0-9_-]{20,}"/);

    // A US shop needs a return policy; the shop's own processing profile is taken.
    const shop = (await app.inject({ method: 'GET', url: '/api/etsy/shop', headers: bob.headers })).json();
    expect(shop).toEqual(expect.objectContaining({ currency: 'USD', country: 'US' }));
    const refused = await app.inject({
      method: 'PUT',
      url: '/api/etsy/settings',
      headers: bob.headers,
      payload: { shippingProfileId: shop.shippingProfiles[0].id },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toContainEqual(expect.objectContaining({ field: 'returnPolicyId' }));
  });

  it('creates a ready-to-ship processing profile when the shop has none and the seller allows it', async () => {
    const carol = await seller(app);
    const shop = fake.addShop('carols_attic', { processingProfile: false });
    expect((await consent(carol, 'carols_attic')).statusCode).toBe(200);
    const put = (createProcessingProfile?: boolean) =>
      app.inject({
        method: 'PUT',
        url: '/api/etsy/settings',
        headers: carol.headers,
        payload: { shippingProfileId: shop.shippingProfiles[0].shipping_profile_id, createProcessingProfile },
      });
    expect((await put()).statusCode).toBe(422);
    const res = await put(true);
    expect(res.statusCode).toBe(200);
    expect(shop.readinessStates).toHaveLength(1);
    expect(res.json().settings.readinessStateId).toBe(shop.readinessStates[0].readiness_state_id);
  });

  it('publishes a vintage item: draft, photos, inventory with our SKU, activation once', async () => {
    const { listing, product } = await publishedOnEtsy(alice);
    expect(listing).toEqual(
      expect.objectContaining({
        state: 'active',
        when_made: '1980s',
        quantity: 1,
        activations: 1,
        price: Number(product.price),
      }),
    );
    expect(listing.images.map((i) => i.rank).sort()).toEqual([1, 2]);
    await until('the listing shows on the product', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/products/${product.id}`, headers: alice.headers });
      return res
        .json<{ listings: { marketplace: string; status: string; externalId: string }[] }>()
        .listings.some(
          (l) => l.marketplace === 'etsy' && l.status === 'published' && l.externalId === String(listing.listing_id),
        );
    });
  });

  it('refuses an item that is not vintage, before any call to Etsy', async () => {
    const product = await vintageProduct(alice, { whenMade: '2010_2019' });
    const before = fake.calls.length;
    const res = await publish(app, alice, product.id, ['etsy']);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toContainEqual(
      expect.objectContaining({ marketplace: 'etsy', field: 'whenMade', issue: expect.stringMatching(/vintage/) }),
    );
    expect(fake.calls.length).toBe(before);
  });

  it('updates a listing when a shown field changes, and withdraws it (inactive: Etsy refuses quantity 0)', async () => {
    const { product, listing } = await publishedOnEtsy(alice);
    expect((await patchProduct(app, alice, product.id, { title: 'Robe vintage années 80' })).statusCode).toBe(200);
    await until('the title is on Etsy', () => listing.title === 'Robe vintage années 80');
    // A new photo goes to Etsy too (the text-only revision above sent none).
    expect(listing.images).toHaveLength(2);
    expect((await upload(app, alice, product.id, await photo())).statusCode).toBe(201);
    await until('the new photo is on Etsy', () => listing.images.length === 3);
    // Two photos removed from the product leave the listing too; the first stays at rank 1.
    const images = (
      await app.inject({ method: 'GET', url: `/api/products/${product.id}`, headers: alice.headers })
    ).json<{ images: { id: string }[] }>().images;
    for (const image of images.slice(1)) {
      const removed = await app.inject({
        method: 'DELETE',
        url: `/api/products/${product.id}/images/${image.id}`,
        headers: alice.headers,
      });
      expect(removed.statusCode).toBe(204);
    }
    await until('the listing is down to one photo', () => listing.images.length === 1, 30_000);
    expect(listing.images[0]).toMatchObject({ rank: 1 });
    const res = await app.inject({
      method: 'POST',
      url: `/api/products/${product.id}/unpublish`,
      headers: alice.headers,
      payload: { marketplaces: ['etsy'] },
    });
    expect((await waitForJob(app, alice, res.json<{ jobs: JobBody[] }>().jobs[0].id)).status).toBe('completed');
    expect(listing.state).toBe('inactive');
    expect(listing.activations).toBe(1);
  });

  it('never makes two listings when the answer to a draft is lost, nor activates twice', async () => {
    fake.fault({ operation: 'createDraftListing', lose: true });
    fake.fault({ operation: 'updateListing', status: 500 });
    const { job, listing } = await publishedOnEtsy(alice, { title: 'Lost and found' });
    const mine = fake.listings(alice.shop).filter((l) => l.title === 'Lost and found');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual(expect.objectContaining({ state: 'active', activations: 1 }));
    const steps = (await getJob(app, alice, job.id)).tasks!.map((t) => t.step);
    expect(steps.filter((s) => s === 'create-draft')).toHaveLength(1);
    expect(steps).toContain('find-listing');
    // The listing found again is the one the product's SKU is on.
    expect(listing.listing_id).toBe(mine[0].listing_id);
  });

  it('refreshes an expired token (rotating the refresh token) and waits out a 429', async () => {
    fake.expireAccessTokens(alice.shop);
    fake.fault({ operation: 'updateListingInventory', status: 429, retryAfterSeconds: 1 });
    const refreshes = fake.callsOf('token').length;
    await publishedOnEtsy(alice);
    expect(fake.callsOf('token').length).toBe(refreshes + 1);
    // The rotated refresh token was kept: a second expiry refreshes again.
    fake.expireAccessTokens(alice.shop);
    await publishedOnEtsy(alice);
    expect(fake.callsOf('token').length).toBe(refreshes + 2);
  });

  it('pauses the seller’s Etsy jobs when Etsy refuses the grant, until a new consent', async () => {
    const dave = await connectEtsy(await seller(app));
    fake.revokeRefreshToken(dave.shop);
    const product = await vintageProduct(dave);
    const res = await publish(app, dave, product.id, ['etsy']);
    const jobId = res.json<{ jobs: JobBody[] }>().jobs[0].id;
    const waiting = await waitForJob(app, dave, jobId, (j) => j.waiting === 'account-paused');
    expect(waiting.error?.code).toBe('MARKETPLACE_NEEDS_RECONNECT');
    expect((await consent(dave, dave.shop)).statusCode).toBe(200);
    expect((await waitForJob(app, dave, jobId)).status).toBe('completed');
  });

  it('records a receipt once across two passes, and a cancellation gives the unit back', async () => {
    const { product, listing } = await publishedOnEtsy(alice, { stockQuantity: 2 });
    const receipt = fake.addReceipt(alice.shop, listing.listing_id);
    const sync = () => app.inject({ method: 'POST', url: '/api/etsy/orders/sync', headers: alice.headers });
    const orders = async () =>
      (await app.inject({ method: 'GET', url: `/api/orders?productId=${product.id}`, headers: alice.headers })).json<{
        items: { externalId: string; marketplace: string; stockOutcome: string; status: string }[];
      }>().items;
    expect((await sync()).statusCode).toBe(202);
    await until('the receipt is recorded', async () => (await orders()).length === 1);
    expect((await orders())[0]).toEqual(
      expect.objectContaining({
        externalId: String(receipt.receipt_id),
        marketplace: 'etsy',
        stockOutcome: 'recorded',
      }),
    );
    const stock = async () =>
      (await app.inject({ method: 'GET', url: `/api/products/${product.id}`, headers: alice.headers })).json<{
        stockQuantity: number;
      }>().stockQuantity;
    expect(await stock()).toBe(1);
    const passes = fake.callsOf('getShopReceipts').length;
    await sync();
    await until('a second pass', () => fake.callsOf('getShopReceipts').length > passes);
    await until('the pass is done', async () => {
      const [row] = await sql(app).execute<{ n: string }[]>(
        'select count(*) as n from public.etsy_accounts where user_id = ? and next_receipt_sync_at > now()',
        [alice.id],
      );
      return Number(row.n) === 1;
    });
    expect(await orders()).toHaveLength(1);
    fake.cancelReceipt(alice.shop, Number(receipt.receipt_id));
    await sync();
    await until('the unit is back', async () => (await stock()) === 2);
  });

  it("reads the shop's receipts at once on Etsy's signed order webhook, and refuses a forged or old one", async () => {
    const { product, listing } = await publishedOnEtsy(alice, { stockQuantity: 3 });
    const receipt = fake.addReceipt(alice.shop, listing.listing_id);
    const notice = {
      event_type: 'order.paid',
      resource_url: `${fake.url}/v3/application/shops/${fake.shop(alice.shop).shop_id}/receipts/${receipt.receipt_id}`,
      shop_id: fake.shop(alice.shop).shop_id,
    };
    const post = (n: ReturnType<typeof signed>) =>
      app.inject({ method: 'POST', url: '/api/webhooks/etsy', headers: n.headers, payload: n.payload });
    expect((await post(signed(notice, { secret: `whsec_${randomBytes(32).toString('base64')}` }))).statusCode).toBe(
      400,
    );
    expect((await post(signed(notice, { at: Math.floor(Date.now() / 1000) - 3600 }))).statusCode).toBe(400);
    const ok = signed(notice);
    expect((await post(ok)).statusCode).toBe(200);
    await until('the receipt is recorded without a sync asked', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/orders?productId=${product.id}`,
        headers: alice.headers,
      });
      return res.json<{ total: number }>().total === 1;
    });
    // The same notice again changes nothing.
    expect((await post(ok)).statusCode).toBe(200);
  });

  it('shows another seller nothing of the first one’s shop, listings or orders', async () => {
    const { product } = await publishedOnEtsy(alice);
    const mallory = await seller(app);
    expect((await app.inject({ method: 'GET', url: '/api/etsy/connection', headers: mallory.headers })).json()).toEqual(
      expect.objectContaining({ connected: false, account: null }),
    );
    for (const [method, url] of [
      ['GET', '/api/etsy/shop'],
      ['POST', '/api/etsy/orders/sync'],
      ['DELETE', '/api/etsy/connection'],
    ] as const) {
      const res = await app.inject({ method, url, headers: mallory.headers });
      expect({ url, status: res.statusCode, code: res.json().error?.code }).toEqual({
        url,
        status: 422,
        code: 'MARKETPLACE_NOT_CONNECTED',
      });
    }
    expect(
      (await app.inject({ method: 'GET', url: `/api/products/${product.id}`, headers: mallory.headers })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: '/api/orders?marketplace=etsy', headers: mallory.headers })).json().total,
    ).toBe(0);
  });
});
