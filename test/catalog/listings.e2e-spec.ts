import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MarketplaceListingChangedEvent } from '@stoflow/catalog';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { startApi, startWorker } from '../helpers/apps';
import { sql } from '../helpers/tenants';
import { getProduct, newProduct, ProductBody, seller, Seller } from './catalog-helpers';

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('listings projection: MarketplaceListingChangedEvent → product.listings (through the outbox and the worker)', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let user: Seller;
  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    user = await seller(api);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  /** What a marketplace module does: raise the event in its own tenant transaction. */
  const raise = (...events: MarketplaceListingChangedEvent[]) =>
    api
      .get(TenantContext)
      .run(user.id, () => api.get(TenantDatabase).transaction((em) => api.get(Outbox).add(em, ...events)));
  const listings = async (id: string) => (await getProduct(api, user, id)).json<ProductBody>().listings;

  it('projects each marketplace listing, newest state wins, redelivery and stale events change nothing', async () => {
    const product = await newProduct(api, user);
    expect(await listings(product.id)).toEqual([]);
    const stale = new MarketplaceListingChangedEvent(user.id, product.id, 'ebay', 'pending');
    const published = new MarketplaceListingChangedEvent(
      user.id,
      product.id,
      'ebay',
      'published',
      '1234',
      'https://ebay.example/itm/1234',
    );
    Object.assign(published, { occurredAt: new Date(Date.parse(stale.occurredAt) + 1000).toISOString() });
    const vinted = new MarketplaceListingChangedEvent(
      user.id,
      product.id,
      'vinted',
      'failed',
      null,
      null,
      'Vinted refused the photo',
    );
    await raise(published, vinted);
    await until(async () => (await listings(product.id)).length === 2, 'the projection');
    expect(await listings(product.id)).toEqual([
      {
        marketplace: 'ebay',
        status: 'published',
        externalId: '1234',
        url: 'https://ebay.example/itm/1234',
        lastError: null,
        updatedAt: published.occurredAt,
      },
      {
        marketplace: 'vinted',
        status: 'failed',
        externalId: null,
        url: null,
        lastError: 'Vinted refused the photo',
        updatedAt: vinted.occurredAt,
      },
    ]);
    // An older event delivered late, and the same event delivered twice (at least once delivery).
    await raise(stale);
    await sql(api).execute('update public.outbox_events set sent_at = null where event_id = ?', [published.eventId]);
    await until(
      async () =>
        (
          await sql(api).execute('select 1 from public.outbox_events where event_id in (?, ?) and sent_at is null', [
            stale.eventId,
            published.eventId,
          ])
        ).length === 0,
      'the relay',
    );
    expect((await listings(product.id)).find((l) => l.marketplace === 'ebay')).toMatchObject({
      status: 'published',
      externalId: '1234',
    });
    const [{ n }] = await sql(api).execute<{ n: number }[]>(
      `select count(*)::int as n from "user_${user.id}".handled_events where event_id = ?`,
      [published.eventId],
    );
    expect(n).toBe(1);
  });

  it('listings written at the same time for one product all show (none overwrites the others)', async () => {
    for (let round = 0; round < 3; round += 1) {
      const product = await newProduct(api, user);
      // Three projections committing at once, each one a transaction that lingers after its write.
      await Promise.all(
        ['vinted', 'ebay', 'etsy'].map((marketplace) =>
          api.get(TenantContext).run(user.id, () =>
            api.get(TenantDatabase).transaction(async (em) => {
              await em.execute(
                `insert into product_listing (product_id, marketplace, status, updated_at) values (?, ?, 'published', now())`,
                [product.id, marketplace],
              );
              await em.execute('select pg_sleep(0.05)');
            }),
          ),
        ),
      );
      expect((await listings(product.id)).map((l) => l.marketplace)).toEqual(['ebay', 'etsy', 'vinted']);
    }
  });
});
