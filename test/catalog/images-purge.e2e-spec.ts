import { CommandBus, EventBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccountErasedEvent } from '@stoflow/auth';
import { quotedTenantSchema } from '@stoflow/core';
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImagesModule } from '../../libs/catalog/src/images/images.module';
import { PurgeDeletedProductsCommand } from '../../libs/catalog/src/images/purge-deleted-products/purge-deleted-products.command';
import { startApi, withEnv } from '../helpers/apps';
import { register, Registered } from '../helpers/auth';
import { sql } from '../helpers/tenants';
import { countFiles, DAY_MS, imageRows, insertProduct, tinyPng, upload } from './images-helpers';

describe('product images: purge of products deleted for good', () => {
  let app: NestFastifyApplication;
  let mediaDir: string;
  let alice: Registered;
  let bob: Registered;

  beforeAll(async () => {
    mediaDir = await mkdtemp(path.join(os.tmpdir(), 'stoflow-media-'));
    app = await withEnv({ MEDIA_DIR: mediaDir }, () => startApi(ImagesModule));
    [alice, bob] = await Promise.all([register(app), register(app)]);
  });
  afterAll(async () => {
    await app.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  const exists = (key: string) =>
    access(path.join(mediaDir, key)).then(
      () => true,
      () => false,
    );

  async function productWithImage(user: Registered): Promise<string> {
    const productId = await insertProduct(app, user.id);
    expect((await upload(app, user, productId, await tinyPng())).statusCode).toBe(201);
    return productId;
  }
  const softDelete = (user: Registered, productId: string, daysAgo: number) =>
    sql(app).execute(`update ${quotedTenantSchema(user.id)}.product set deleted_at = ? where id = ?`, [
      new Date(Date.now() - daysAgo * DAY_MS),
      productId,
    ]);
  const productExists = async (user: Registered, productId: string) =>
    (await sql(app).execute(`select 1 from ${quotedTenantSchema(user.id)}.product where id = ?`, [productId]))
      .length === 1;

  it('purges, in every tenant, products deleted more than 30 days ago with their images and files; keeps the rest', async () => {
    const old = { alice: await productWithImage(alice), bob: await productWithImage(bob) };
    const recent = await productWithImage(alice);
    const live = await productWithImage(bob);
    await softDelete(alice, old.alice, 31);
    await softDelete(bob, old.bob, 45);
    await softDelete(alice, recent, 29);
    const oldKeys = [
      ...(await imageRows(app, alice.id, old.alice)),
      ...(await imageRows(app, bob.id, old.bob)),
    ].flatMap((r) => [r.storage_key, r.thumbnail_key]);
    const keptKeys = [...(await imageRows(app, alice.id, recent)), ...(await imageRows(app, bob.id, live))].flatMap(
      (r) => [r.storage_key, r.thumbnail_key],
    );
    for (const key of oldKeys) expect(await exists(key)).toBe(true);

    const report = await app.get(CommandBus).execute(new PurgeDeletedProductsCommand());
    expect(report.productsPurged).toBeGreaterThanOrEqual(2);
    expect(report.failedTenants.filter((f) => [alice.id, bob.id].includes(f.tenantId))).toEqual([]);

    expect([await productExists(alice, old.alice), await productExists(bob, old.bob)]).toEqual([false, false]);
    expect(await imageRows(app, alice.id, old.alice)).toEqual([]);
    expect(await imageRows(app, bob.id, old.bob)).toEqual([]);
    for (const key of oldKeys) expect({ key, exists: await exists(key) }).toEqual({ key, exists: false });

    expect([await productExists(alice, recent), await productExists(bob, live)]).toEqual([true, true]);
    for (const key of keptKeys) expect({ key, exists: await exists(key) }).toEqual({ key, exists: true });

    // Running it again finds nothing more of theirs.
    await app.get(CommandBus).execute(new PurgeDeletedProductsCommand());
    expect(await productExists(alice, recent)).toBe(true);
  });

  it('erases every file of an account when the account is erased', async () => {
    const carol = await register(app);
    await productWithImage(carol);
    expect(await countFiles(path.join(mediaDir, `t${carol.id}`))).toBe(2);
    await app.get(EventBus).publish(new AccountErasedEvent(carol.id));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await countFiles(path.join(mediaDir, `t${carol.id}`))).toBe(0);
    expect(await countFiles(path.join(mediaDir, `t${alice.id}`))).toBeGreaterThan(0);
  });
});
