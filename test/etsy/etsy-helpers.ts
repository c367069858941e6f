import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Seller } from '../catalog/catalog-helpers';
import { FakeEtsy } from '../fakes/etsy/fake-etsy';

export interface EtsySeller extends Seller {
  shop: string;
}

/** The seller goes through Etsy's consent page (PKCE) and comes back to the callback; answers the callback's reply. */
export async function consentOnEtsy(app: NestFastifyApplication, fake: FakeEtsy, who: Seller, shop: string) {
  const start = await app.inject({ method: 'GET', url: '/api/etsy/connect', headers: who.headers });
  if (start.statusCode !== 200) throw new Error(`connect answered ${start.statusCode}: ${start.body}`);
  const back = await fake.consent(start.json<{ authorizationUrl: string }>().authorizationUrl, shop);
  return app.inject({ method: 'GET', url: `/api/etsy/callback?code=${back.code}&state=${back.state}` });
}

/** A seller with a fresh shop on the fake Etsy, connected and set up (the shop's first shipping profile). */
export async function connectEtsy(
  app: NestFastifyApplication,
  fake: FakeEtsy,
  who: Seller,
  options: { country?: string } = {},
): Promise<EtsySeller> {
  const shop = `shop${who.id}x${Math.floor(Math.random() * 1e6)}`;
  const created = fake.addShop(shop, { country: options.country ?? 'FR' });
  const back = await consentOnEtsy(app, fake, who, shop);
  if (back.statusCode !== 200) throw new Error(`callback answered ${back.statusCode}: ${back.body}`);
  const res = await app.inject({
    method: 'PUT',
    url: '/api/etsy/settings',
    headers: who.headers,
    payload: { shippingProfileId: created.shippingProfiles[0].shipping_profile_id },
  });
  if (res.statusCode !== 200) throw new Error(`settings answered ${res.statusCode}: ${res.body}`);
  return { ...who, shop };
}
