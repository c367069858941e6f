/**
 * Items imported per minute from a Vinted wardrobe (fake Vinted, fake extension, API and worker in this process),
 * pacing off, next to the bare cost of the same product and listing rows inserted with SQL in the same run. Each
 * item costs its share of a wardrobe page, its edit view and the copy of its one photo (download from the fake's
 * image CDN, upload to a signed URL, normalised by the image pipeline): three extension calls, one at a time.
 */
import 'reflect-metadata';
import { quotedTenantSchema } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { PluginSettings } from '../../libs/vinted/src/plugin/plugin-settings';
import { FakeVinted } from '../../test/fakes/vinted/fake-vinted';
import { sql } from '../../test/helpers/tenants';
import { createTestDatabase } from '../../test/setup/test-database-migrate';
import { dropDatabaseAndRoles } from '../../test/setup/test-database';
import { startSagaWorker, until, vintedSeller } from '../../test/vinted/jobs-helpers';
import { listeningApi } from '../../test/vinted/plugin-helpers';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 500);

async function main(): Promise<void> {
  await createTestDatabase();
  Object.assign(process.env, { REGISTER_LIMIT_PER_IP: '1000000', PAIRING_LIMIT_PER_IP: '1000000' });
  const vinted = await FakeVinted.start();
  const { app, base } = await listeningApi();
  const worker = await startSagaWorker();
  try {
    // Pacing is a deliberate wait between one account's calls; this measures the import itself.
    app.get(PluginSettings).pacing = null;
    worker.get(PluginSettings).pacing = null;
    const seller = await vintedSeller(app, base, vinted);
    seller.ext.start(1);
    vinted.addWardrobe(seller.vintedUserId, ITEMS);
    const t0 = performance.now();
    const started = await app.inject({ method: 'POST', url: '/api/vinted/import', headers: seller.headers });
    const id = started.json<{ id: string }>().id;
    let created = 0;
    let photos = 0;
    await until(
      'the import',
      async () => {
        const view = (
          await app.inject({ method: 'GET', url: `/api/vinted/import/${id}`, headers: seller.headers })
        ).json<{ status: string; created: number; photos: number }>();
        created = view.created;
        photos = view.photos;
        return view.status !== 'running';
      },
      30 * 60_000,
    );
    const importMs = performance.now() - t0;
    await seller.ext.stop();

    const schema = quotedTenantSchema(seller.id);
    const t1 = performance.now();
    for (let i = 0; i < ITEMS; i += 1) {
      const productId = randomUUID();
      await sql(app).execute(
        `insert into ${schema}.product (id, sku, title, price, currency, stock_quantity) values (?, ?, ?, '12.50', 'EUR', 1)`,
        [productId, `BENCH-${i}`, `Bench ${i}`],
      );
      await sql(app).execute(
        `insert into ${schema}.vinted_listings (product_id, item_id, url, photos, status, product_version)
         values (?, ?, null, '[]'::jsonb, 'published', 1)`,
        [productId, `bench-${i}`],
      );
    }
    const sqlMs = performance.now() - t1;
    const perMinute = (created / importMs) * 60_000;
    const sqlPerMinute = (ITEMS / sqlMs) * 60_000;
    console.log(
      `import of ${ITEMS} items (${created} created, ${photos} photos), pacing off: ${(importMs / 1000).toFixed(1)} s`,
    );
    console.log(`  ${perMinute.toFixed(0)} items/min`);
    console.log(`baseline, the same rows inserted with SQL: ${sqlPerMinute.toFixed(0)} items/min`);
    console.log(`import / baseline: ${(perMinute / sqlPerMinute).toFixed(3)}`);
  } finally {
    await worker.close();
    await app.close();
    await vinted.close();
    await dropDatabaseAndRoles(process.env.STOFLOW_TEST_DATABASE!);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
