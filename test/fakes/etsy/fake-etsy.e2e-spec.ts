import { createHash, randomBytes } from 'node:crypto';
import { FakeEtsy } from './fake-etsy';

/** The fake Etsy holds to today's Etsy, where its document is stale, and refuses what Etsy refuses. */
describe('fake Etsy', () => {
  let fake: FakeEtsy;
  let token: string;
  let shopId: number;
  const key = () => ({ 'x-api-key': `${fake.keystring}:${fake.sharedSecret}` });

  beforeAll(async () => {
    fake = await FakeEtsy.start();
    shopId = fake.addShop('selftest').shop_id;
    const verifier = randomBytes(40).toString('base64url');
    const auth = new URL('/oauth/connect', fake.url);
    auth.search = new URLSearchParams({
      response_type: 'code',
      client_id: fake.keystring,
      redirect_uri: fake.redirectUri,
      scope: 'listings_w shops_r',
      state: 's',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const { code } = await fake.consent(auth.toString(), 'selftest');
    const exchange = (v: string) =>
      fetch(`${fake.url}/v3/public/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...key() },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: fake.keystring,
          redirect_uri: fake.redirectUri,
          code: code!,
          code_verifier: v,
        }),
      });
    // A wrong verifier is refused, and the code stays good for the right one.
    expect((await exchange('not-the-verifier')).status).toBe(400);
    const res = await exchange(verifier);
    expect(res.status).toBe(200);
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(() => fake.close());

  const draft = (fields: Record<string, string>) =>
    fetch(`${fake.url}/v3/application/shops/${shopId}/listings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded', ...key() },
      body: new URLSearchParams({
        quantity: '1',
        title: 'Robe',
        description: 'Vintage',
        price: '20',
        who_made: 'someone_else',
        is_supply: 'false',
        taxonomy_id: '505',
        shipping_profile_id: String(fake.shop('selftest').shippingProfiles[0].shipping_profile_id),
        readiness_state_id: String(fake.shop('selftest').readinessStates[0].readiness_state_id),
        ...fields,
      }),
    });

  it("takes today's when_made buckets and refuses the document's stale ones", async () => {
    expect((await draft({ when_made: '2000_2005' })).status).toBe(201);
    const stale = await draft({ when_made: '2000_2003' });
    expect(stale.status).toBe(400);
    expect(fake.violations.pop()).toMatch(/when_made/);
  });

  it('refuses the keystring alone in x-api-key, as Etsy has since February 2026', async () => {
    const res = await fetch(`${fake.url}/v3/application/users/me`, {
      headers: { authorization: `Bearer ${token}`, 'x-api-key': fake.keystring },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'Shared secret is required in x-api-key header.' });
  });

  it('refuses a quantity of 0 in an inventory', async () => {
    const created = (await (await draft({ when_made: '1980s' })).json()) as { listing_id: number };
    const res = await fetch(`${fake.url}/v3/application/listings/${created.listing_id}/inventory`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...key() },
      body: JSON.stringify({
        products: [
          {
            sku: 'X',
            property_values: [],
            offerings: [{ price: 20, quantity: 0, is_enabled: true, readiness_state_id: 1 }],
          },
        ],
        price_on_property: [],
        quantity_on_property: [],
        sku_on_property: [],
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'One offering must have quantity greater than 0' });
    expect(fake.violations).toEqual([]);
  });
});
