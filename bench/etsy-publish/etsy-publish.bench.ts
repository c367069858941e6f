/**
 * Etsy publish figures against the fake Etsy on loopback (no artificial delay): 100 vintage products published
 * through the API in one bulk request, next to a bare script making the same Etsy calls for 100 other listings
 * with `fetch` (draft, one photo, inventory, read back, activate; 8 at a time, the worker's own concurrency for
 * Etsy calls), measured in the same run, once without limit and once keeping to Etsy's 10 calls a second (which
 * StoFlow keeps to per seller: 100 listings of 5 calls cannot take less than 50 s there). Prints calls per
 * listing, the time from the request to each listing recorded (p50/p99), the total, and the ratios.
 * Runs on a fresh database (dropped at the end). `npm run bench:etsy-publish`
 */
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash, randomBytes } from 'node:crypto';
import { patchProduct, seller } from '../../test/catalog/catalog-helpers';
import { listeningApiServingMedia } from '../../test/ebay/ebay-helpers';
import { FakeEtsy } from '../../test/fakes/etsy/fake-etsy';
import { createTestDatabase } from '../../test/setup/test-database-migrate';
import { dropDatabaseAndRoles } from '../../test/setup/test-database';
import { bulkPublish, JobBody, listableProduct, photo, startSagaWorker } from '../../test/vinted/jobs-helpers';

const PRODUCTS = 100;
const BARE_CONCURRENCY = 8;
/** Etsy's rate for one seller's token, which StoFlow keeps to (libs/etsy/src/api/etsy-api.ts). */
const ETSY_CALLS_PER_SECOND = 10;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number) => `${x.toFixed(0)} ms`;

interface Run {
  totalMs: number;
  latencies: number[];
  calls: number;
  accepted?: number;
}

async function token(fake: FakeEtsy, shop: string): Promise<string> {
  const verifier = randomBytes(40).toString('base64url');
  const auth = new URL('/oauth/connect', fake.url);
  auth.search = new URLSearchParams({
    response_type: 'code',
    client_id: fake.keystring,
    redirect_uri: fake.redirectUri,
    scope: 'listings_r listings_w shops_r',
    state: 'bench',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const { code } = await fake.consent(auth.toString(), shop);
  const res = await fetch(`${fake.url}/v3/public/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: fake.keystring,
      redirect_uri: fake.redirectUri,
      code: code!,
      code_verifier: verifier,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function throughApi(app: NestFastifyApplication, fake: FakeEtsy): Promise<Run> {
  const who = await seller(app);
  const shop = fake.addShop('bench_api');
  const start = await app.inject({ method: 'GET', url: '/api/etsy/connect', headers: who.headers });
  const back = await fake.consent(start.json<{ authorizationUrl: string }>().authorizationUrl, 'bench_api');
  await app.inject({ method: 'GET', url: `/api/etsy/callback?code=${back.code}&state=${back.state}` });
  await app.inject({
    method: 'PUT',
    url: '/api/etsy/settings',
    headers: who.headers,
    payload: { shippingProfileId: shop.shippingProfiles[0].shipping_profile_id },
  });
  const products = [];
  for (let i = 0; i < PRODUCTS; i += 1) {
    const product = await listableProduct(app, who, 1, {
      title: `Bench vintage ${i}`,
      currency: 'EUR',
      whenMade: '1980s',
    });
    await patchProduct(app, who, product.id, { status: 'active' });
    products.push(product);
  }
  const before = fake.calls.filter((c) => c.shopId === shop.shop_id).length;
  const t0 = Date.now();
  const res = await bulkPublish(
    app,
    who,
    products.map((p) => p.id),
    ['etsy'],
  );
  if (res.statusCode !== 202) throw new Error(`bulk publish answered ${res.statusCode}: ${res.body}`);
  const accepted = Date.now() - t0;
  const batchId = res.json<{ batchId: string }>().batchId;
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
  const calls = fake.calls.filter((c) => c.shopId === shop.shop_id).length - before;
  return { totalMs: Math.max(...latencies), latencies, calls, accepted };
}

/**
 * At most `perSecond` calls in any one-second window (the fixed window StoFlow's own bucket uses), or no limit:
 * Etsy allows 10 calls a second, so a script that keeps to it is the fair floor for one shop's 500 calls.
 */
function callBudget(perSecond: number | null): () => Promise<void> {
  let windowStart = 0;
  let used = 0;
  const take = async (): Promise<void> => {
    if (perSecond === null) return;
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      used = 0;
    }
    if (used < perSecond) {
      used += 1;
      return;
    }
    await new Promise((r) => setTimeout(r, windowStart + 1000 - now));
    return take();
  };
  return take;
}

async function bareScript(fake: FakeEtsy, shopName: string, perSecond: number | null): Promise<Run> {
  const shop = fake.addShop(shopName);
  const bearer = await token(fake, shopName);
  const budget = callBudget(perSecond);
  const headers = { authorization: `Bearer ${bearer}`, 'x-api-key': `${fake.keystring}:${fake.sharedSecret}` };
  const api = `${fake.url}/v3/application`;
  const image = await photo();
  const before = fake.calls.filter((c) => c.shopId === shop.shop_id).length;
  const latencies: number[] = [];
  const t0 = Date.now();
  let next = 0;
  const one = async (i: number) => {
    await budget();
    const draft = await fetch(`${api}/shops/${shop.shop_id}/listings`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        quantity: '1',
        title: `Bare vintage ${i}`,
        description: 'Soft cotton tee, worn twice, no marks.',
        price: '25',
        who_made: 'someone_else',
        when_made: '1980s',
        is_supply: 'false',
        taxonomy_id: '505',
        shipping_profile_id: String(shop.shippingProfiles[0].shipping_profile_id),
        readiness_state_id: String(shop.readinessStates[0].readiness_state_id),
        type: 'physical',
      }),
    });
    const { listing_id: id } = (await draft.json()) as { listing_id: number };
    const form = new FormData();
    form.append('image', new Blob([image]), 'photo-1.jpg');
    form.append('rank', '1');
    form.append('overwrite', 'true');
    await budget();
    await (
      await fetch(`${api}/shops/${shop.shop_id}/listings/${id}/images`, { method: 'POST', headers, body: form })
    ).arrayBuffer();
    await budget();
    await (
      await fetch(`${api}/listings/${id}/inventory`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          products: [
            {
              sku: `BARE${i}`,
              property_values: [],
              offerings: [
                {
                  price: 25,
                  quantity: 1,
                  is_enabled: true,
                  readiness_state_id: shop.readinessStates[0].readiness_state_id,
                },
              ],
            },
          ],
          price_on_property: [],
          quantity_on_property: [],
          sku_on_property: [],
        }),
      })
    ).arrayBuffer();
    await budget();
    await (await fetch(`${api}/listings/${id}`, { headers })).arrayBuffer();
    await budget();
    await (
      await fetch(`${api}/shops/${shop.shop_id}/listings/${id}`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ state: 'active' }),
      })
    ).arrayBuffer();
    latencies.push(Date.now() - t0);
  };
  await Promise.all(
    Array.from({ length: BARE_CONCURRENCY }, async () => {
      while (next < PRODUCTS) await one(next++);
    }),
  );
  const calls = fake.calls.filter((c) => c.shopId === shop.shop_id).length - before;
  return { totalMs: Math.max(...latencies), latencies, calls };
}

async function main(): Promise<void> {
  await createTestDatabase();
  const database = process.env.STOFLOW_TEST_DATABASE!;
  const fake = await FakeEtsy.start();
  Object.assign(process.env, fake.env(), { LOG_LEVEL: 'silent' });
  let app: NestFastifyApplication | undefined;
  let worker: INestApplicationContext | undefined;
  try {
    ({ app } = await listeningApiServingMedia());
    worker = await startSagaWorker();
    const api = await throughApi(app, fake);
    const bare = await bareScript(fake, 'bench_bare', null);
    const paced = await bareScript(fake, 'bench_bare_paced', ETSY_CALLS_PER_SECOND);
    const active = fake.listings('bench_api').filter((l) => l.state === 'active');
    if (active.length !== PRODUCTS || active.some((l) => l.activations !== 1))
      throw new Error('not every listing went live once');
    const row = (label: string, f: (r: Run) => string) =>
      console.log(`${label.padEnd(25)}${f(api).padEnd(21)}${f(bare).padEnd(21)}${f(paced)}`);
    console.log(`Etsy publish, ${PRODUCTS} vintage products, one photo each, fake Etsy on loopback`);
    console.log(`                         through StoFlow      bare fetch script    bare, Etsy's 10 calls/s`);
    row('calls per listing', (r) => (r.calls / PRODUCTS).toFixed(2));
    console.log(`bulk request answered    ${ms(api.accepted ?? 0).padEnd(21)}-`);
    row('to listing recorded p50', (r) => ms(pct(r.latencies, 50)));
    row('to listing recorded p99', (r) => ms(pct(r.latencies, 99)));
    row(`all ${PRODUCTS} listed`, (r) => ms(r.totalMs));
    console.log(
      `ratio (StoFlow / bare)   ${(api.totalMs / bare.totalMs).toFixed(2)} x unlimited, ` +
        `${(api.totalMs / paced.totalMs).toFixed(2)} x within Etsy's rate (goal: <= 1.5 x)`,
    );
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
