import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { seller } from '../catalog/catalog-helpers';
import { FakeEbay } from '../fakes/ebay/fake-ebay';
import { startApi, withEnv } from '../helpers/apps';

/** eBay's settings as an operator meets them: without a keyset, and with a dashboard to send sellers back to. */
describe('eBay settings', () => {
  describe('without a keyset', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await withEnv({ EBAY_CLIENT_ID: '', EBAY_CLIENT_SECRET: '', EBAY_RU_NAME: '' }, () => startApi());
    });
    afterAll(() => app?.close());

    it('starts, shows eBay as not configured, and answers eBay routes 422 with a sentence for the operator', async () => {
      const who = await seller(app);
      const list = await app.inject({ method: 'GET', url: '/api/marketplaces', headers: who.headers });
      expect(list.json<{ marketplace: string; status: string }[]>()).toContainEqual(
        expect.objectContaining({ marketplace: 'ebay', status: 'not-configured' }),
      );
      for (const [method, url] of [
        ['GET', '/api/ebay/connect?marketplaceId=EBAY_FR'],
        ['GET', '/api/ebay/connection'],
        ['GET', '/api/ebay/policies'],
        ['POST', '/api/ebay/orders/sync'],
        ['GET', '/api/ebay/callback?state=x&code=y'],
      ] as const) {
        const res = await app.inject({ method, url, headers: who.headers });
        expect({ url, status: res.statusCode, code: res.json().error?.code }).toEqual({
          url,
          status: 422,
          code: 'MARKETPLACE_NOT_CONFIGURED',
        });
        expect(res.json().error.message).toMatch(/EBAY_CLIENT_ID/);
      }
      const challenge = await app.inject({
        method: 'GET',
        url: '/api/webhooks/ebay/account-deletion?challenge_code=a',
      });
      expect(challenge.statusCode).toBe(422);
      expect(challenge.json().error.message).toMatch(/EBAY_NOTIFICATION_VERIFICATION_TOKEN/);
    });
  });

  describe('with a dashboard', () => {
    let app: NestFastifyApplication;
    let fake: FakeEbay;
    beforeAll(async () => {
      fake = await FakeEbay.start();
      app = await withEnv({ ...fake.env(), DASHBOARD_URL: 'https://app.stoflow.test/marketplaces' }, () => startApi());
    });
    afterAll(async () => {
      await app?.close();
      await fake?.close();
    });

    it('sends the seller back to the dashboard with the outcome, connected or not', async () => {
      const who = await seller(app);
      fake.addSeller({ username: 'dash_seller' });
      const start = await app.inject({
        method: 'GET',
        url: '/api/ebay/connect?marketplaceId=EBAY_GB',
        headers: who.headers,
      });
      const back = await fake.consent(start.json<{ authorizationUrl: string }>().authorizationUrl, 'dash_seller');
      const ok = await app.inject({
        method: 'GET',
        url: `/api/ebay/callback?code=${encodeURIComponent(back.code!)}&state=${back.state}`,
      });
      expect(ok.statusCode).toBe(302);
      const to = new URL(ok.headers.location as string);
      expect(to.origin + to.pathname).toBe('https://app.stoflow.test/marketplaces');
      expect(Object.fromEntries(to.searchParams)).toEqual({
        marketplace: 'ebay',
        status: 'connected',
        account: 'dash_seller',
      });

      const reused = await app.inject({ method: 'GET', url: `/api/ebay/callback?code=x&state=${back.state}` });
      expect(reused.statusCode).toBe(302);
      const failed = new URL(reused.headers.location as string);
      expect(failed.searchParams.get('status')).toBe('failed');
      expect(failed.searchParams.get('reason')).toMatch(/already used/);
    });
  });
});
