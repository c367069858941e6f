/**
 * eBay publish figures against the fake eBay on loopback (no artificial delay): 100 products published through
 * the API in one bulk request (jobs, the runner, the calls processor, the outbox), next to a bare script making
 * the same eBay calls for 100 other SKUs with `fetch` (item, offer lookup, offer, publish; 8 SKUs at a time, the
 * worker's own concurrency for eBay calls), measured in the same run. Prints calls per listing, the time from the
 * request to each listing recorded (p50/p99), the total, and the ratio to the bare script.
 * Runs on a fresh database (dropped at the end). `npm run bench:ebay-publish`
 */
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { patchProduct, seller } from '../../test/catalog/catalog-helpers';
import { connectEbay } from '../../test/ebay/ebay-helpers';
import { listeningApiServingMedia } from '../../test/ebay/ebay-helpers';
import { FakeEbay } from '../../test/fakes/ebay/fake-ebay';
import { createTestDatabase } from '../../test/setup/test-database-migrate';
import { dropDatabaseAndRoles } from '../../test/setup/test-database';
import { bulkPublish, JobBody, listableProduct, startSagaWorker } from '../../test/vinted/jobs-helpers';

const PRODUCTS = 100;
const BARE_CONCURRENCY = 8;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number) => `${x.toFixed(0)} ms`;

interface Run {
  totalMs: number;
  latencies: number[];
  calls: number;
  /** Time to the 202 of the bulk request (every product checked for eBay before anything is queued). */
  accepted?: number;
}

async function throughApi(app: NestFastifyApplication, fake: FakeEbay): Promise<Run> {
  const who = await connectEbay(app, fake, await seller(app));
  const products = [];
  for (let i = 0; i < PRODUCTS; i += 1) {
    const product = await listableProduct(app, who, 1, { title: `Bench dress ${i}`, currency: 'EUR' });
    await patchProduct(app, who, product.id, { status: 'active' });
    products.push(product);
  }
  const before = fake.calls.filter((c) => c.seller === who.ebayUsername).length;
  const t0 = Date.now();
  const res = await bulkPublish(
    app,
    who,
    products.map((p) => p.id),
    ['ebay'],
  );
  if (res.statusCode !== 202) throw new Error(`bulk publish answered ${res.statusCode}: ${res.body}`);
  const batchId = res.json<{ batchId: string }>().batchId;
  const accepted = Date.now() - t0;
  let jobs: (JobBody & { finishedAt: string | null })[] = [];
  for (;;) {
    const page = await app.inject({
      method: 'GET',
      url: `/api/jobs?batchId=${batchId}&limit=100`,
      headers: who.headers,
    });
    jobs = page.json<{ items: (JobBody & { finishedAt: string | null })[] }>().items;
    const failed = jobs.filter((j) => ['failed', 'expired', 'cancelled'].includes(j.status));
    if (failed.length) throw new Error(`jobs ended badly: ${JSON.stringify(failed[0])}`);
    if (jobs.length === PRODUCTS && jobs.every((j) => j.status === 'completed')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const latencies = jobs.map((j) => new Date(j.finishedAt!).getTime() - t0);
  const calls = fake.calls.filter((c) => c.seller === who.ebayUsername).length - before;
  return { totalMs: Math.max(...latencies), latencies, calls, accepted };
}

/** The same eBay calls, by hand: what the API's path is measured against. */
async function bareScript(fake: FakeEbay, mediaUrl: string): Promise<Run> {
  const username = 'bench_bare_seller';
  fake.addSeller({ username });
  const auth = new URL('/oauth2/authorize', fake.authBaseUrl);
  auth.search = new URLSearchParams({
    client_id: fake.clientId,
    redirect_uri: fake.ruName,
    response_type: 'code',
    scope:
      'https://api.ebay.com/oauth/api_scope https://api.ebay.com/oauth/api_scope/sell.inventory https://api.ebay.com/oauth/api_scope/sell.account',
    state: 'bare',
  }).toString();
  const { code } = await fake.consent(auth.toString(), username);
  const tokenRes = await fetch(`${fake.apiBaseUrl}/identity/v1/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: fake.ruName }),
  });
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  const policies = fake.policiesOf(username, 'EBAY_FR');
  const api = `${fake.apiBaseUrl}/sell/inventory/v1`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-language': 'fr-FR' };
  await fetch(`${api}/location/bare1`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      location: { address: { country: 'FR', postalCode: '75011' } },
      locationTypes: ['WAREHOUSE'],
    }),
  });

  const before = fake.calls.filter((c) => c.seller === username).length;
  const latencies: number[] = [];
  const t0 = Date.now();
  let next = 0;
  const one = async (i: number) => {
    const sku = `BARE${String(i).padStart(4, '0')}`;
    const item = {
      condition: 'PRE_OWNED_EXCELLENT',
      availability: { shipToLocationAvailability: { quantity: 1 } },
      product: {
        title: `Bench dress ${i}`,
        description: 'Soft cotton tee, worn twice, no marks.',
        aspects: { Brand: ['Nike'], Size: ['M'], Department: ['Women'] },
        imageUrls: [mediaUrl],
      },
    };
    await expectOk(await fetch(`${api}/inventory_item/${sku}`, { method: 'PUT', headers, body: JSON.stringify(item) }));
    const found = await fetch(`${api}/offer?sku=${sku}&marketplace_id=EBAY_FR`, { headers });
    await found.arrayBuffer();
    const created = await fetch(`${api}/offer`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        sku,
        marketplaceId: 'EBAY_FR',
        format: 'FIXED_PRICE',
        listingDuration: 'GTC',
        availableQuantity: 1,
        categoryId: '53159',
        merchantLocationKey: 'bare1',
        listingDescription: 'Soft cotton tee, worn twice, no marks.',
        pricingSummary: { price: { value: '25.00', currency: 'EUR' } },
        listingPolicies: {
          fulfillmentPolicyId: policies.fulfillment,
          paymentPolicyId: policies.payment,
          returnPolicyId: policies.return,
        },
      }),
    });
    const { offerId } = (await expectOk(created)) as { offerId: string };
    await expectOk(await fetch(`${api}/offer/${offerId}/publish`, { method: 'POST', headers }));
    latencies.push(Date.now() - t0);
  };
  await Promise.all(
    Array.from({ length: BARE_CONCURRENCY }, async () => {
      while (next < PRODUCTS) await one(next++);
    }),
  );
  const calls = fake.calls.filter((c) => c.seller === username).length - before;
  return { totalMs: Math.max(...latencies), latencies, calls };
}

async function expectOk(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`eBay answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function main(): Promise<void> {
  await createTestDatabase();
  const database = process.env.STOFLOW_TEST_DATABASE!;
  // The fake does not fetch photos here: both paths then ask eBay exactly the same of it.
  const fake = await FakeEbay.start({ imageCheck: false });
  Object.assign(process.env, fake.env(), { LOG_LEVEL: 'silent', VINTED_PACING_PERCENT: '0' });
  let app: NestFastifyApplication | undefined;
  let worker: INestApplicationContext | undefined;
  try {
    ({ app } = await listeningApiServingMedia());
    worker = await startSagaWorker();
    const api = await throughApi(app, fake);
    const bare = await bareScript(fake, `${process.env.MEDIA_PUBLIC_BASE_URL}/media/bench.jpg`);
    console.log(`eBay publish, ${PRODUCTS} products, fake eBay on loopback`);
    console.log(`                         through StoFlow      bare fetch script`);
    console.log(
      `calls per listing        ${(api.calls / PRODUCTS).toFixed(2).padEnd(21)}${(bare.calls / PRODUCTS).toFixed(2)}`,
    );
    console.log(`bulk request answered    ${ms(api.accepted ?? 0).padEnd(21)}-`);
    console.log(`to listing recorded p50  ${ms(pct(api.latencies, 50)).padEnd(21)}${ms(pct(bare.latencies, 50))}`);
    console.log(`to listing recorded p99  ${ms(pct(api.latencies, 99)).padEnd(21)}${ms(pct(bare.latencies, 99))}`);
    console.log(`all ${PRODUCTS} listed             ${ms(api.totalMs).padEnd(21)}${ms(bare.totalMs)}`);
    console.log(`ratio (StoFlow / bare)   ${(api.totalMs / bare.totalMs).toFixed(2)} x   (goal: <= 1.5 x)`);
  } finally {
    await worker?.close();
    await app?.close();
    await fake.close();
    await dropDatabaseAndRoles(database);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
