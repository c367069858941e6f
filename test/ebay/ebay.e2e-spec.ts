import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import { patchProduct, seller, Seller } from '../catalog/catalog-helpers';
import { FakeEbay } from '../fakes/ebay/fake-ebay';
import { sql } from '../helpers/tenants';
import {
  bulkPublish,
  fastSaga,
  getJob,
  JobBody,
  listableProduct,
  publish,
  startSagaWorker,
  until,
  waitForJob,
} from '../vinted/jobs-helpers';
import { connectEbay, consentAndReturn, EbaySeller, listeningApiServingMedia } from './ebay-helpers';

const VERIFICATION_TOKEN = 'stoflow-test-verification-token-0123456789';
const ENDPOINT = 'https://api.stoflow.test/api/webhooks/ebay/account-deletion';

/**
 * eBay end to end through the public API, against the fake eBay (test/fakes/ebay) pointed to by the EBAY_*
 * settings only: connect, set up, publish, revise, withdraw, orders, faults, isolation and account deletion.
 */
describe('eBay', () => {
  const saved = { ...process.env };
  let fake: FakeEbay;
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let alice: EbaySeller;

  beforeAll(async () => {
    fake = await FakeEbay.start();
    Object.assign(process.env, fake.env(), {
      EBAY_NOTIFICATION_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      EBAY_NOTIFICATION_ENDPOINT_URL: ENDPOINT,
    });
    ({ app, base } = await listeningApiServingMedia());
    worker = await startSagaWorker();
    fastSaga(app);
    alice = await connectEbay(app, fake, await seller(app));
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

  async function ebayProduct(who: Seller, extra: Record<string, unknown> = {}) {
    const product = await listableProduct(app, who, 1, { currency: 'EUR', ...extra });
    expect((await patchProduct(app, who, product.id, { status: 'active' })).statusCode).toBe(200);
    return product;
  }

  async function publishedOnEbay(who: EbaySeller, extra: Record<string, unknown> = {}) {
    const product = await ebayProduct(who, extra);
    const res = await publish(app, who, product.id, ['ebay']);
    expect(res.statusCode).toBe(202);
    const [job] = res.json<{ jobs: JobBody[] }>().jobs;
    const done = await waitForJob(app, who, job.id);
    expect({ status: done.status, error: done.error }).toEqual({ status: 'completed', error: null });
    return { product, job: done };
  }

  async function ebayListing(who: Seller, productId: string) {
    const res = await app.inject({ method: 'GET', url: `/api/products/${productId}`, headers: who.headers });
    return res
      .json<{ listings: { marketplace: string; status: string; externalId: string | null; url: string | null }[] }>()
      .listings.find((l) => l.marketplace === 'ebay');
  }

  describe('connecting', () => {
    it('sends the seller to eBay with the app, the RuName, the scopes and a state, and keeps the tokens sealed', async () => {
      const bob = await seller(app);
      const res = await app.inject({
        method: 'GET',
        url: '/api/ebay/connect?marketplaceId=EBAY_GB',
        headers: bob.headers,
      });
      expect(res.statusCode).toBe(200);
      const url = new URL(res.json<{ authorizationUrl: string }>().authorizationUrl);
      expect(url.origin + url.pathname).toBe(`${fake.authBaseUrl}/oauth2/authorize`);
      expect(url.searchParams.get('client_id')).toBe(fake.clientId);
      expect(url.searchParams.get('redirect_uri')).toBe(fake.ruName);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('scope')!.split(' ')).toEqual(
        expect.arrayContaining([
          'https://api.ebay.com/oauth/api_scope/sell.inventory',
          'https://api.ebay.com/oauth/api_scope/sell.account',
          'https://api.ebay.com/oauth/api_scope/sell.fulfillment',
        ]),
      );
      expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(40);

      fake.addSeller({ username: 'bob_gb' });
      const back = await fake.consent(url.toString(), 'bob_gb');
      const callback = await app.inject({
        method: 'GET',
        url: `/api/ebay/callback?code=${encodeURIComponent(back.code!)}&state=${back.state}`,
      });
      expect(callback.statusCode).toBe(200);
      expect(callback.json()).toEqual({
        marketplace: 'ebay',
        status: 'connected',
        account: 'bob_gb',
        marketplaceId: 'EBAY_GB',
      });

      const [row] = await sql(app).execute<{ access_token: unknown; refresh_token: unknown; ebay_user_id: string }[]>(
        'select access_token, refresh_token, ebay_user_id from public.ebay_accounts where user_id = ?',
        [bob.id],
      );
      expect(row.ebay_user_id).toBe(fake.userIdOf('bob_gb'));
      // Sealed: no token in clear in the row.
      expect(JSON.stringify(row)).not.toContain('v^1.1#');
      expect(row.access_token).toEqual(
        expect.objectContaining({ keyId: expect.any(String), ciphertext: expect.any(String) }),
      );

      const connection = await app.inject({ method: 'GET', url: '/api/ebay/connection', headers: bob.headers });
      expect(connection.json()).toEqual(
        expect.objectContaining({ connected: true, status: 'connected', account: 'bob_gb', marketplaceId: 'EBAY_GB' }),
      );
      expect(connection.json().needs).toMatch(/policies/);
      await until('the connection shows on /api/marketplaces', async () => {
        const list = await app.inject({ method: 'GET', url: '/api/marketplaces', headers: bob.headers });
        const ebay = list.json<{ marketplace: string; status: string }[]>().find((m) => m.marketplace === 'ebay');
        return ebay?.status === 'connected';
      });
    });

    it('connects nobody with a used, forged or declined state, and says why', async () => {
      const carol = await seller(app);
      fake.addSeller({ username: 'carol_fr' });
      const start = await app.inject({
        method: 'GET',
        url: '/api/ebay/connect?marketplaceId=EBAY_FR',
        headers: carol.headers,
      });
      const url = start.json<{ authorizationUrl: string }>().authorizationUrl;
      const declined = await fake.consent(url, 'carol_fr', { decline: true });
      const refusal = await app.inject({
        method: 'GET',
        url: `/api/ebay/callback?state=${declined.state}&error=${declined.error}`,
      });
      expect(refusal.statusCode).toBe(400);
      expect(refusal.json().error).toEqual(expect.objectContaining({ code: 'MARKETPLACE_CONSENT_FAILED' }));
      expect(refusal.json().error.message).toMatch(/declined/);

      // The state of a declined consent is spent too.
      const again = await app.inject({ method: 'GET', url: `/api/ebay/callback?state=${declined.state}&code=x` });
      expect(again.statusCode).toBe(400);
      expect(again.json().error.message).toMatch(/already used/);

      const forged = await app.inject({ method: 'GET', url: '/api/ebay/callback?state=forged-state&code=x' });
      expect(forged.statusCode).toBe(400);
      expect(forged.json().error.message).toMatch(/not one StoFlow made|expired/);

      const bad = await app.inject({
        method: 'GET',
        url: '/api/ebay/connect?marketplaceId=EBAY_XX',
        headers: carol.headers,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');

      const connection = await app.inject({ method: 'GET', url: '/api/ebay/connection', headers: carol.headers });
      expect(connection.json()).toEqual(expect.objectContaining({ connected: false, status: 'not-connected' }));
    });

    it('asks eBay to enable business policies for a seller without them, and says it can take 24 hours', async () => {
      const dan = await seller(app);
      fake.addSeller({ username: 'dan_fr', optedIn: false });
      expect((await consentAndReturn(app, fake, dan, 'dan_fr')).statusCode).toBe(200);
      const res = await app.inject({ method: 'GET', url: '/api/ebay/policies', headers: dan.headers });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(expect.objectContaining({ businessPolicies: false, fulfillmentPolicies: [] }));
      expect(res.json().message).toMatch(/24 hours/);
      expect(fake.callsOf('optInToProgram', 'dan_fr')).toHaveLength(1);

      fake.completeOptIn('dan_fr');
      const later = await app.inject({ method: 'GET', url: '/api/ebay/policies', headers: dan.headers });
      const policies = fake.policiesOf('dan_fr', 'EBAY_FR');
      expect(later.json()).toEqual(
        expect.objectContaining({
          businessPolicies: true,
          fulfillmentPolicies: [expect.objectContaining({ id: policies.fulfillment })],
          paymentPolicies: [expect.objectContaining({ id: policies.payment })],
          returnPolicies: [expect.objectContaining({ id: policies.return })],
        }),
      );
    });

    it("refuses settings with a policy that is not the seller's, and creates the location once", async () => {
      const res = await app.inject({
        method: 'PUT',
        url: '/api/ebay/settings',
        headers: alice.headers,
        payload: {
          fulfillmentPolicyId: 'nope',
          paymentPolicyId: 'nope',
          returnPolicyId: 'nope',
          location: { country: 'FR', postalCode: '75011' },
        },
      });
      expect(res.statusCode).toBe(422);
      expect(
        res
          .json()
          .error.details.map((d: { field: string }) => d.field)
          .sort(),
      ).toEqual(['fulfillmentPolicyId', 'paymentPolicyId', 'returnPolicyId']);
      expect(fake.locations(alice.ebayUsername)).toEqual(['stoflow-FR-75011']);

      const bad = await app.inject({
        method: 'PUT',
        url: '/api/ebay/settings',
        headers: alice.headers,
        payload: {
          fulfillmentPolicyId: 'x',
          paymentPolicyId: 'x',
          returnPolicyId: 'x',
          location: { country: 'France' },
        },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    });

    it('suggests eBay categories, spending one Taxonomy call per question and tree version', async () => {
      const ask = () =>
        app.inject({ method: 'GET', url: '/api/ebay/categories/suggest?q=dresses', headers: alice.headers });
      const first = await ask();
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual(
        expect.arrayContaining([expect.objectContaining({ categoryId: '63861', name: 'Dresses' })]),
      );
      const spent = fake.callsOf('getCategorySuggestions').length;
      expect((await ask()).json()).toEqual(first.json());
      expect(fake.callsOf('getCategorySuggestions')).toHaveLength(spent);
    });
  });

  describe('publishing', () => {
    it('publishes 10 products in one request: item, offer lookup, offer, publish — and records each listing', async () => {
      const products = await Promise.all(Array.from({ length: 10 }, () => ebayProduct(alice)));
      const before = fake.calls.length;
      const res = await bulkPublish(
        app,
        alice,
        products.map((p) => p.id),
        ['ebay'],
      );
      expect(res.statusCode).toBe(202);
      const jobs = res.json<{ jobs: JobBody[] }>().jobs;
      for (const job of jobs) {
        const done = await waitForJob(app, alice, job.id);
        expect({ status: done.status, error: done.error }).toEqual({ status: 'completed', error: null });
      }
      const mine = new Set(products.map((p) => p.id.replace(/-/g, '').toUpperCase()));
      const listings = fake.listings(alice.ebayUsername).filter((l) => mine.has(l.sku.slice(2, 34)));
      expect(listings).toHaveLength(10);
      expect(listings.every((l) => l.status === 'ACTIVE' && l.quantity === 1)).toBe(true);
      const ops = fake.calls
        .slice(before)
        .filter((c) => c.seller === alice.ebayUsername)
        .map((c) => c.operationId);
      expect(ops.filter((o) => o === 'createOrReplaceInventoryItem')).toHaveLength(10);
      expect(ops.filter((o) => o === 'getOffers')).toHaveLength(10);
      expect(ops.filter((o) => o === 'createOffer')).toHaveLength(10);
      expect(ops.filter((o) => o === 'publishOffer')).toHaveLength(10);

      const onEbay = listings.find((l) => l.sku === `SF${products[0].id.replace(/-/g, '').toUpperCase()}FR`)!;
      await until(
        'the listing shows on the product',
        async () => (await ebayListing(alice, products[0].id))?.status === 'published',
      );
      expect(await ebayListing(alice, products[0].id)).toEqual(
        expect.objectContaining({
          status: 'published',
          externalId: onEbay.listingId,
          url: `https://www.ebay.fr/itm/${onEbay.listingId}`,
        }),
      );
      const item = fake.items(alice.ebayUsername).find((i) => i.sku === onEbay.sku)!;
      expect(item.language).toBe('fr-FR');
      expect(item.body.product).toEqual(
        expect.objectContaining({
          aspects: expect.objectContaining({ Brand: ['Nike'], Size: ['M'], Department: ['Women'] }),
          imageUrls: [expect.stringMatching(new RegExp(`^${base}/media/`))],
        }),
      );
    });

    it('refuses a product eBay cannot take, naming every field, before any call to eBay', async () => {
      const product = await ebayProduct(alice, {
        currency: 'USD',
        title: 'A'.repeat(81),
        categoryId: (
          await sql(app).execute<{ id: number }[]>(
            "select id from product_attributes.categories where code = 'women_clothing'",
          )
        )[0].id,
      });
      const before = fake.calls.filter((c) => c.seller === alice.ebayUsername).length;
      const res = await publish(app, alice, product.id, ['ebay']);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('PRODUCT_INCOMPLETE_FOR_MARKETPLACE');
      const fields = res.json().error.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['currency', 'title', 'categoryId']));
      expect(fake.calls.filter((c) => c.seller === alice.ebayUsername).length).toBe(before);
    });

    it("lists a product in the eBay category the seller chose where StoFlow's has no eBay leaf", async () => {
      const parent = (
        await sql(app).execute<{ id: number }[]>(
          "select id from product_attributes.categories where code = 'women_clothing'",
        )
      )[0].id;
      const product = await ebayProduct(alice, { categoryId: parent });
      const refused = await publish(app, alice, product.id, ['ebay']);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.details).toContainEqual(
        expect.objectContaining({ marketplace: 'ebay', field: 'categoryId' }),
      );

      const choose = (categoryId: string, who: Seller = alice) =>
        app.inject({
          method: 'PUT',
          url: `/api/ebay/products/${product.id}/category`,
          headers: who.headers,
          payload: { categoryId },
        });
      const notLeaf = await choose('15724');
      expect(notLeaf.statusCode).toBe(422);
      expect(notLeaf.json().error.code).toBe('EBAY_CATEGORY_NOT_LISTABLE');
      const chosen = await choose('63861');
      expect(chosen.statusCode).toBe(200);
      expect(chosen.json()).toEqual({
        productId: product.id,
        categoryId: '63861',
        requiredAspects: ['Brand', 'Size', 'Department'],
      });
      // Another seller can neither choose nor see it.
      expect((await choose('63861', await seller(app))).statusCode).toBe(404);

      const res = await publish(app, alice, product.id, ['ebay']);
      expect(res.statusCode).toBe(202);
      const job = await waitForJob(app, alice, res.json<{ jobs: JobBody[] }>().jobs[0].id);
      expect(job.status).toBe('completed');
      const sku = `SF${product.id.replace(/-/g, '').toUpperCase()}FR`;
      expect(fake.offers(alice.ebayUsername).find((o) => o.sku === sku)?.body.categoryId).toBe('63861');
    });

    it('revises a listing when a field it shows changes, and withdraws it on request', async () => {
      const { product } = await publishedOnEbay(alice);
      const sku = `SF${product.id.replace(/-/g, '').toUpperCase()}FR`;
      expect((await patchProduct(app, alice, product.id, { price: '31.00' })).statusCode).toBe(200);
      await until('the price is on eBay', () =>
        fake.listings(alice.ebayUsername).some((l) => l.sku === sku && l.price === '31.00'),
      );
      const res = await app.inject({
        method: 'POST',
        url: `/api/products/${product.id}/unpublish`,
        headers: alice.headers,
        payload: { marketplaces: ['ebay'] },
      });
      expect(res.statusCode).toBe(202);
      const [job] = res.json<{ jobs: JobBody[] }>().jobs;
      expect((await waitForJob(app, alice, job.id)).status).toBe('completed');
      expect(fake.listings(alice.ebayUsername).find((l) => l.sku === sku)?.status).toBe('ENDED');
      await until('the listing shows as ended', async () => (await ebayListing(alice, product.id))?.status === 'ended');
    });
  });

  describe('faults', () => {
    it('refreshes an expired token once and goes on', async () => {
      fake.expireAccessTokens(alice.ebayUsername);
      const refreshes = fake.callsOf('token').length;
      await publishedOnEbay(alice);
      expect(fake.callsOf('token').length).toBe(refreshes + 1);
    });

    it('waits out a 429 with Retry-After and a 500, then publishes once', async () => {
      fake.fault({ operation: 'createOffer', status: 429, retryAfterSeconds: 1, seller: alice.ebayUsername });
      fake.fault({ operation: 'publishOffer', status: 500, seller: alice.ebayUsername });
      const { product } = await publishedOnEbay(alice);
      const sku = `SF${product.id.replace(/-/g, '').toUpperCase()}FR`;
      expect(fake.offers(alice.ebayUsername).filter((o) => o.sku === sku)).toHaveLength(1);
      expect(fake.listings(alice.ebayUsername).filter((l) => l.sku === sku)).toHaveLength(1);
    });

    it('waits for a slow answer rather than sending the call again', async () => {
      fake.fault({ operation: 'createOffer', delayMs: 400, seller: alice.ebayUsername });
      const { product } = await publishedOnEbay(alice);
      const sku = `SF${product.id.replace(/-/g, '').toUpperCase()}FR`;
      expect(fake.callsOf('createOffer', alice.ebayUsername).length).toBeGreaterThan(0);
      expect(fake.offers(alice.ebayUsername).filter((o) => o.sku === sku)).toHaveLength(1);
    });

    it('never makes two offers or two listings when eBay applies a create or a publish and the answer is lost', async () => {
      fake.fault({ operation: 'createOffer', lose: true, seller: alice.ebayUsername });
      fake.fault({ operation: 'publishOffer', lose: true, seller: alice.ebayUsername });
      const { product, job } = await publishedOnEbay(alice);
      const sku = `SF${product.id.replace(/-/g, '').toUpperCase()}FR`;
      expect(fake.offers(alice.ebayUsername).filter((o) => o.sku === sku)).toHaveLength(1);
      expect(fake.listings(alice.ebayUsername).filter((l) => l.sku === sku)).toHaveLength(1);
      // Each attempt looked eBay up first: the lost create, then the lost publish, then the one that went through.
      const calls = (await getJob(app, alice, job.id)).tasks!.map((t) => t.step);
      expect(calls.filter((s) => s === 'find-offer').length).toBeGreaterThanOrEqual(3);
      expect(calls.filter((s) => s === 'create-offer')).toHaveLength(1);
    });

    it('takes the offer eBay names when a repeated create answers 25002', async () => {
      // The create is applied but its answer lost, and the lookup that follows misses it once.
      fake.fault({ operation: 'createOffer', lose: true, seller: alice.ebayUsername });
      fake.fault({ operation: 'getOffers', status: 404, errorId: 25713, times: 2, seller: alice.ebayUsername });
      const { product } = await publishedOnEbay(alice);
      const sku = `SF${product.id.replace(/-/g, '').toUpperCase()}FR`;
      expect(fake.offers(alice.ebayUsername).filter((o) => o.sku === sku)).toHaveLength(1);
      expect(
        fake.callsOf('createOffer', alice.ebayUsername).filter((c) => c.status === 400).length,
      ).toBeGreaterThanOrEqual(1);
      expect(fake.listings(alice.ebayUsername).filter((l) => l.sku === sku)).toHaveLength(1);
    });

    it("pauses the seller's eBay jobs when eBay refuses the grant, and resumes them after a new consent", async () => {
      const erin = await connectEbay(app, fake, await seller(app));
      fake.revokeRefreshToken(erin.ebayUsername);
      fake.expireAccessTokens(erin.ebayUsername);
      const product = await ebayProduct(erin);
      const res = await publish(app, erin, product.id, ['ebay']);
      expect(res.statusCode).toBe(202);
      const [job] = res.json<{ jobs: JobBody[] }>().jobs;
      const waiting = await waitForJob(app, erin, job.id, (j) => j.waiting === 'account-paused');
      expect(waiting.error?.code).toBe('MARKETPLACE_NEEDS_RECONNECT');
      await until('the connection needs the seller', async () => {
        const list = await app.inject({ method: 'GET', url: '/api/marketplaces', headers: erin.headers });
        return list
          .json<{ marketplace: string; status: string }[]>()
          .some((m) => m.marketplace === 'ebay' && m.status === 'needs-reconnect');
      });
      // Only one refresh was tried: no loop against eBay's token endpoint.
      expect(fake.callsOf('token', erin.ebayUsername).filter((c) => c.status === 400)).toHaveLength(1);

      expect((await consentAndReturn(app, fake, erin, erin.ebayUsername)).statusCode).toBe(200);
      const done = await waitForJob(app, erin, job.id);
      expect(done.status).toBe('completed');
    });
  });

  describe('orders', () => {
    async function ordersOf(who: Seller, query = '') {
      const res = await app.inject({
        method: 'GET',
        url: `/api/orders?marketplace=ebay${query}`,
        headers: who.headers,
      });
      expect(res.statusCode).toBe(200);
      return res.json<{
        items: {
          externalId: string;
          lineId: string;
          productId: string | null;
          status: string;
          stockOutcome: string;
          buyer: string | null;
        }[];
        total: number;
      }>();
    }

    async function syncOrders(who: Seller) {
      const res = await app.inject({ method: 'POST', url: '/api/ebay/orders/sync', headers: who.headers });
      expect(res.statusCode).toBe(202);
      return res.json<{ queued: boolean; syncedTo: string | null }>();
    }

    it('records a sale once across two passes, and keeps an order of something StoFlow does not know', async () => {
      const { product } = await publishedOnEbay(alice, { stockQuantity: 2 });
      const sku = `SF${product.id.replace(/-/g, '').toUpperCase()}FR`;
      const sale = fake.addOrder(alice.ebayUsername, { buyer: 'happy_buyer', lineItems: [{ sku, quantity: 1 }] });
      const other = fake.addOrder(alice.ebayUsername, {
        lineItems: [{ sku: 'NOTOURS1', value: '5.00', currency: 'EUR' }],
      });

      await syncOrders(alice);
      await until('both orders recorded', async () =>
        (await ordersOf(alice)).items.some((o) => o.externalId === other.orderId),
      );
      const first = await ordersOf(alice);
      const mine = first.items.find((o) => o.externalId === sale.orderId)!;
      expect(mine).toEqual(
        expect.objectContaining({
          productId: product.id,
          status: 'paid',
          stockOutcome: 'recorded',
          buyer: 'happy_buyer',
        }),
      );
      expect(first.items.find((o) => o.externalId === other.orderId)).toEqual(
        expect.objectContaining({ productId: null, stockOutcome: 'unmatched' }),
      );
      const stock = async () =>
        (await app.inject({ method: 'GET', url: `/api/products/${product.id}`, headers: alice.headers })).json<{
          stockQuantity: number;
        }>().stockQuantity;
      expect(await stock()).toBe(1);

      // A second pass reads the same orders again (overlap): nothing changes.
      const passes = fake.callsOf('getOrders', alice.ebayUsername).length;
      const again = await syncOrders(alice);
      expect(again.syncedTo).not.toBeNull();
      await until('a second pass ran', () => fake.callsOf('getOrders', alice.ebayUsername).length > passes);
      await until('the second pass is recorded', async () => {
        const [row] = await sql(app).execute<{ n: string }[]>(
          'select count(*) as n from public.ebay_accounts where user_id = ? and orders_synced_to > ?',
          [alice.id, again.syncedTo],
        );
        return Number(row.n) === 1;
      });
      expect((await ordersOf(alice)).total).toBe(first.total);
      expect(await stock()).toBe(1);

      // Cancelled on eBay: the unit comes back, once.
      fake.cancelOrder(alice.ebayUsername, sale.orderId);
      await syncOrders(alice);
      await until('the cancellation is seen', async () =>
        (await ordersOf(alice)).items.some((o) => o.externalId === sale.orderId && o.status === 'cancelled'),
      );
      await until('the unit is back', async () => (await stock()) === 2);
    });

    it('reads the orders the next pass has not seen yet, on a schedule of its own', async () => {
      const [row] = await sql(app).execute<{ next_order_sync_at: Date }[]>(
        'select next_order_sync_at from public.ebay_accounts where user_id = ?',
        [alice.id],
      );
      // A seller with live listings is read again within the budget's interval (at least every few minutes).
      expect(new Date(row.next_order_sync_at).getTime() - Date.now()).toBeLessThanOrEqual(6 * 60 * 1000);
    });
  });

  describe('account deletion', () => {
    it("answers eBay's challenge with the hash of the code, the token and the endpoint", async () => {
      const res = await app.inject({ method: 'GET', url: '/api/webhooks/ebay/account-deletion?challenge_code=abc123' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      const expected = createHash('sha256').update(`abc123${VERIFICATION_TOKEN}${ENDPOINT}`).digest('hex');
      expect(res.json()).toEqual({ challengeResponse: expected });
    });

    it('erases nothing on a forged notice, and everything eBay-side of the seller on a signed one, once', async () => {
      const gina = await connectEbay(app, fake, await seller(app));
      const { product } = await publishedOnEbay(gina);
      const sku = `SF${product.id.replace(/-/g, '').toUpperCase()}FR`;
      const order = fake.addOrder(gina.ebayUsername, { buyer: 'someone', lineItems: [{ sku }] });
      await app.inject({ method: 'POST', url: '/api/ebay/orders/sync', headers: gina.headers });
      await until(
        'the order is recorded',
        async () =>
          (await app.inject({ method: 'GET', url: '/api/orders?marketplace=ebay', headers: gina.headers })).json<{
            total: number;
          }>().total === 1,
      );

      const forged = fake.forgedDeletionNotice(gina.ebayUsername);
      const refused = await app.inject({
        method: 'POST',
        url: '/api/webhooks/ebay/account-deletion',
        headers: forged.headers,
        payload: forged.body,
      });
      expect(refused.statusCode).toBe(412);
      expect(refused.json().error.code).toBe('SIGNATURE_INVALID');
      const unsigned = await app.inject({
        method: 'POST',
        url: '/api/webhooks/ebay/account-deletion',
        headers: { 'content-type': 'application/json' },
        payload: forged.body,
      });
      expect(unsigned.statusCode).toBe(412);
      expect(
        (await app.inject({ method: 'GET', url: '/api/ebay/connection', headers: gina.headers })).json().connected,
      ).toBe(true);

      const notice = fake.deletionNotice(gina.ebayUsername);
      const accepted = await app.inject({
        method: 'POST',
        url: '/api/webhooks/ebay/account-deletion',
        headers: notice.headers,
        payload: notice.body,
      });
      expect(accepted.statusCode).toBe(204);
      await until(
        'the seller is erased',
        async () =>
          (await app.inject({ method: 'GET', url: '/api/ebay/connection', headers: gina.headers })).json().connected ===
          false,
      );
      await until('the notice is done', async () => {
        const [row] = await sql(app).execute<{ processed_at: Date | null }[]>(
          'select processed_at from public.ebay_deletion_notices where ebay_user_id = ?',
          [fake.userIdOf(gina.ebayUsername)],
        );
        return Boolean(row?.processed_at);
      });
      const orders = (
        await app.inject({ method: 'GET', url: '/api/orders?marketplace=ebay', headers: gina.headers })
      ).json<{
        items: { externalId: string; buyer: string | null; productId: string | null }[];
      }>().items;
      expect(orders).toHaveLength(1);
      expect(orders[0].externalId).not.toBe(order.orderId);
      expect(orders[0]).toEqual(expect.objectContaining({ buyer: null, productId: product.id }));
      await until('the listing is unlinked', async () => (await ebayListing(gina, product.id))?.status === 'unlinked');
      // eBay's ids are erased with the rest of the seller's eBay data.
      expect(await ebayListing(gina, product.id)).toEqual(expect.objectContaining({ externalId: null, url: null }));

      // eBay delivers again until acknowledged: the same notice changes nothing more.
      const repeat = await app.inject({
        method: 'POST',
        url: '/api/webhooks/ebay/account-deletion',
        headers: notice.headers,
        payload: notice.body,
      });
      expect(repeat.statusCode).toBe(204);
    });
  });

  describe('disconnecting', () => {
    it('forgets the tokens and leaves live listings on eBay, shown as unlinked', async () => {
      const hugo = await connectEbay(app, fake, await seller(app));
      const { product } = await publishedOnEbay(hugo);
      const res = await app.inject({ method: 'DELETE', url: '/api/ebay/connection', headers: hugo.headers });
      expect(res.statusCode).toBe(204);
      const [row] = await sql(app).execute<{ n: string }[]>(
        'select count(*) as n from public.ebay_accounts where user_id = ?',
        [hugo.id],
      );
      expect(Number(row.n)).toBe(0);
      expect(fake.listings(hugo.ebayUsername).filter((l) => l.status === 'ACTIVE')).toHaveLength(1);
      await until(
        'the listing shows as unlinked',
        async () => (await ebayListing(hugo, product.id))?.status === 'unlinked',
      );
      const refused = await publish(app, hugo, product.id, ['ebay']);
      expect(refused.statusCode).toBe(422);
    });
  });

  describe('isolation', () => {
    it("shows another seller nothing of the first one's connection, listings or orders", async () => {
      const { product } = await publishedOnEbay(alice);
      const mallory = await seller(app);
      const connection = await app.inject({ method: 'GET', url: '/api/ebay/connection', headers: mallory.headers });
      expect(connection.json()).toEqual(expect.objectContaining({ connected: false, account: null }));
      const productRes = await app.inject({
        method: 'GET',
        url: `/api/products/${product.id}`,
        headers: mallory.headers,
      });
      expect(productRes.statusCode).toBe(404);
      const orders = await app.inject({ method: 'GET', url: '/api/orders?marketplace=ebay', headers: mallory.headers });
      expect(orders.json()).toEqual(expect.objectContaining({ total: 0, items: [] }));
      const jobs = await app.inject({ method: 'GET', url: '/api/jobs?marketplace=ebay', headers: mallory.headers });
      expect(jobs.json()).toEqual(expect.objectContaining({ total: 0 }));
      for (const [method, url] of [
        ['GET', '/api/ebay/policies'],
        ['POST', '/api/ebay/orders/sync'],
        ['DELETE', '/api/ebay/connection'],
      ] as const) {
        const res = await app.inject({ method, url, headers: mallory.headers });
        expect({ url, status: res.statusCode, code: res.json().error?.code }).toEqual({
          url,
          status: 422,
          code: 'MARKETPLACE_NOT_CONNECTED',
        });
      }
      const unpublish = await app.inject({
        method: 'POST',
        url: `/api/products/${product.id}/unpublish`,
        headers: mallory.headers,
        payload: { marketplaces: ['ebay'] },
      });
      expect(unpublish.statusCode).toBe(404);
      // Alice is still connected and listed.
      expect((await ebayListing(alice, product.id))?.status).toBe('published');
    });
  });
});
