import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer } from 'node:net';
import { startApi } from '../helpers/apps';
import { Seller } from '../catalog/catalog-helpers';
import { FakeEbay } from '../fakes/ebay/fake-ebay';

export interface EbaySeller extends Seller {
  ebayUsername: string;
}

/** The seller goes through eBay's consent page and comes back to the callback; answers the callback's reply. */
export async function consentAndReturn(
  app: NestFastifyApplication,
  fake: FakeEbay,
  who: Seller,
  username: string,
  marketplaceId = 'EBAY_FR',
) {
  const start = await app.inject({
    method: 'GET',
    url: `/api/ebay/connect?marketplaceId=${marketplaceId}`,
    headers: who.headers,
  });
  if (start.statusCode !== 200) throw new Error(`connect answered ${start.statusCode}: ${start.body}`);
  const back = await fake.consent(start.json<{ authorizationUrl: string }>().authorizationUrl, username);
  return app.inject({
    method: 'GET',
    url: `/api/ebay/callback?code=${encodeURIComponent(back.code!)}&state=${encodeURIComponent(back.state!)}`,
  });
}

/** A seller connected to eBay (a fresh seller on the fake) and set up: policies chosen, location created. */
export async function connectEbay(
  app: NestFastifyApplication,
  fake: FakeEbay,
  who: Seller,
  marketplaceId = 'EBAY_FR',
): Promise<EbaySeller> {
  const ebayUsername = `seller${who.id}x${Math.floor(Math.random() * 1e6)}`;
  fake.addSeller({ username: ebayUsername });
  const back = await consentAndReturn(app, fake, who, ebayUsername, marketplaceId);
  if (back.statusCode !== 200) throw new Error(`callback answered ${back.statusCode}: ${back.body}`);
  const policies = fake.policiesOf(ebayUsername, marketplaceId);
  const res = await app.inject({
    method: 'PUT',
    url: '/api/ebay/settings',
    headers: who.headers,
    payload: {
      fulfillmentPolicyId: policies.fulfillment,
      paymentPolicyId: policies.payment,
      returnPolicyId: policies.return,
      location: { country: marketplaceId.slice(5), postalCode: '75011', city: 'Paris' },
    },
  });
  if (res.statusCode !== 200) throw new Error(`settings answered ${res.statusCode}: ${res.body}`);
  return { ...who, ebayUsername };
}

/**
 * The real API listening on loopback with MEDIA_PUBLIC_BASE_URL set to its own address, as an operator sets it:
 * marketplaces (eBay, the extension for Vinted) fetch the photos' signed URLs from it.
 */
export async function listeningApiServingMedia(): Promise<{ app: NestFastifyApplication; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  process.env.MEDIA_PUBLIC_BASE_URL = base;
  const app = await startApi();
  await app.listen(port, '127.0.0.1');
  return { app, base };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
