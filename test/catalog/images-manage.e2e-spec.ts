import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ImagesModule } from '../../libs/catalog/src/images/images.module';
import { startApi, withEnv } from '../helpers/apps';
import { bearer, register, Registered } from '../helpers/auth';
import { sql } from '../helpers/tenants';
import { imageRows, insertProduct, upload } from './images-helpers';

interface Image {
  id: string;
  url: string;
  thumbnailUrl: string;
  position: number;
}

describe('product images: delete, reorder, tenancy', () => {
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
  const fetchMedia = (url: string) => app.inject({ method: 'GET', url: new URL(url, 'http://x').pathname });

  async function productWithImages(user: Registered, n: number): Promise<{ productId: string; images: Image[] }> {
    const productId = await insertProduct(app, user.id);
    const images: Image[] = [];
    for (let i = 0; i < n; i++) {
      const png = await sharp({ create: { width: 20 + i, height: 10, channels: 3, background: '#abc' } })
        .png()
        .toBuffer();
      const res = await upload(app, user, productId, png);
      expect(res.statusCode).toBe(201);
      images.push(res.json<Image>());
    }
    return { productId, images };
  }

  const reorder = (user: Registered, productId: string, imageIds: unknown) =>
    app.inject({
      method: 'PUT',
      url: `/api/products/${productId}/images/order`,
      headers: bearer(user.accessToken),
      payload: { imageIds },
    });
  const remove = (user: Registered, productId: string, imageId: string) =>
    app.inject({
      method: 'DELETE',
      url: `/api/products/${productId}/images/${imageId}`,
      headers: bearer(user.accessToken),
    });

  it('DELETE removes the row and both files (its URL stops working) and closes the gap in positions', async () => {
    const { productId, images } = await productWithImages(alice, 3);
    const [row] = (await imageRows(app, alice.id, productId)).filter((r) => r.id === images[1].id);

    const res = await remove(alice, productId, images[1].id);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await imageRows(app, alice.id, productId)).map((r) => [r.id, r.position])).toEqual([
      [images[0].id, 0],
      [images[2].id, 1],
    ]);
    expect([await exists(row.storage_key), await exists(row.thumbnail_key)]).toEqual([false, false]);
    expect((await fetchMedia(images[1].url)).statusCode).toBe(404);
    expect((await fetchMedia(images[0].url)).statusCode).toBe(200);

    const again = await remove(alice, productId, images[1].id);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('NOT_FOUND');
    // An image is only reachable through its own product.
    const other = await productWithImages(alice, 1);
    expect((await remove(alice, other.productId, images[0].id)).statusCode).toBe(404);
    expect((await remove(alice, productId, 'nope')).statusCode).toBe(404);
  });

  it('PUT /images/order sets the order when given exactly the product images, cover first', async () => {
    const { productId, images } = await productWithImages(alice, 3);
    const order = [images[2].id, images[0].id, images[1].id];
    const res = await reorder(alice, productId, order);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ images: Image[] }>();
    expect(body.images.map((i) => [i.id, i.position])).toEqual(order.map((id, position) => [id, position]));
    expect((await fetchMedia(body.images[0].url)).statusCode).toBe(200);
    expect((await imageRows(app, alice.id, productId)).map((r) => r.id)).toEqual(order);
  });

  it('PUT /images/order is 400 for anything but exactly the product images, and changes nothing', async () => {
    const { productId, images } = await productWithImages(alice, 3);
    const foreign = (await productWithImages(alice, 1)).images[0].id;
    const [a, b, c] = images.map((i) => i.id);
    const cases: Record<string, unknown> = {
      missing: [a, b],
      duplicate: [a, b, b, c],
      duplicateReplacing: [a, b, b],
      foreign: [a, b, c, foreign],
      foreignReplacing: [a, b, foreign],
      empty: [],
      notUuids: ['x', 'y', 'z'],
      notArray: a,
      tooMany: Array.from({ length: 21 }, () => a),
    };
    for (const [name, imageIds] of Object.entries(cases)) {
      const res = await reorder(alice, productId, imageIds);
      expect({ name, status: res.statusCode, code: res.json().error?.code }).toEqual({
        name,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    const missing = await reorder(alice, productId, [a, b]);
    expect(missing.json().error.details).toEqual([{ field: 'imageIds', issue: `${c} is missing` }]);
    expect((await imageRows(app, alice.id, productId)).map((r) => r.id)).toEqual([a, b, c]);
    const noBody = await app.inject({
      method: 'PUT',
      url: `/api/products/${productId}/images/order`,
      headers: bearer(alice.accessToken),
      payload: { imageIds: [a, b, c], extra: 1 },
    });
    expect(noBody.statusCode).toBe(400);
  });

  it('upload, delete and reorder are changes of the product: new version and ETag, updatedAt, ProductUpdatedEvent', async () => {
    const productId = await insertProduct(app, alice.id);
    const headers = bearer(alice.accessToken);
    const read = async () => {
      const res = await app.inject({ method: 'GET', url: `/api/products/${productId}`, headers });
      expect(res.statusCode).toBe(200);
      return { etag: res.headers.etag, ...res.json<{ version: number; updatedAt: string; images: Image[] }>() };
    };
    const updates = async () =>
      (
        await sql(app).execute<{ payload: { version: number; changed: string[] } }[]>(
          `select payload from public.outbox_events where type = 'catalog.product-updated' and aggregate_id = ?
            order by id`,
          [productId],
        )
      ).map((e) => ({ version: e.payload.version, changed: e.payload.changed }));
    /** Runs `change`, then expects exactly one new version, a new ETag and one ProductUpdatedEvent for it. */
    const expectProductChange = async (change: () => Promise<{ statusCode: number }>, status: number) => {
      const before = await read();
      const events = await updates();
      expect((await change()).statusCode).toBe(status);
      const after = await read();
      expect(after.version).toBe(before.version + 1);
      expect(after.etag).toBe(`"${after.version}"`);
      expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
      expect(await updates()).toEqual([...events, { version: after.version, changed: ['images'] }]);
      return { before, after };
    };
    const png = (width: number) =>
      sharp({ create: { width, height: 10, channels: 3, background: '#abc' } })
        .png()
        .toBuffer();

    let uploaded: { headers: Record<string, unknown> } | undefined;
    const { before, after: afterUpload } = await expectProductChange(async () => {
      const res = await upload(app, alice, productId, await png(30));
      uploaded = res;
      return res;
    }, 201);
    // The upload answers the product's new ETag: the next PATCH with it is accepted.
    expect(uploaded!.headers.etag).toBe(afterUpload.etag);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/products/${productId}`,
      headers: { ...headers, 'if-match': String(uploaded!.headers.etag) },
      payload: { description: 'after the upload' },
    });
    expect(patched.statusCode).toBe(200);
    await expectProductChange(async () => upload(app, alice, productId, await png(31)), 201);
    const { after } = await expectProductChange(
      async () => reorder(alice, productId, (await read()).images.map((i) => i.id).reverse()),
      200,
    );
    // A client holding the ETag from before the photos changed is told so, like after a field change.
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/products/${productId}`,
      headers: { ...headers, 'if-match': before.etag as string },
      payload: { title: 'Veste' },
    });
    expect(stale.statusCode).toBe(409);
    // The same order again changes nothing.
    const events = await updates();
    expect(
      (
        await reorder(
          alice,
          productId,
          after.images.map((i) => i.id),
        )
      ).statusCode,
    ).toBe(200);
    expect((await read()).version).toBe(after.version);
    expect(await updates()).toEqual(events);
    await expectProductChange(() => remove(alice, productId, after.images[0].id), 204);

    // Reads show the images as they are now, signed: in GET /products/{id} and in the list alike.
    const [left] = (await read()).images;
    expect(left).toMatchObject({ id: after.images[1].id, position: 0 });
    expect((await fetchMedia(left.url)).statusCode).toBe(200);
    expect((await fetchMedia(left.thumbnailUrl)).statusCode).toBe(200);
    const list = await app.inject({ method: 'GET', url: '/api/products?limit=100', headers });
    const listed = list.json<{ items: { id: string; images: Image[] }[] }>().items.find((p) => p.id === productId);
    expect(listed?.images).toEqual([left]);
  });

  it('every image endpoint is 404 on a soft-deleted product', async () => {
    const { productId, images } = await productWithImages(alice, 2);
    await app.inject({ method: 'GET', url: '/health/live' });
    const { sql } = await import('../helpers/tenants');
    const { quotedTenantSchema } = await import('@stoflow/core');
    await sql(app).execute(`update ${quotedTenantSchema(alice.id)}.product set deleted_at = now() where id = ?`, [
      productId,
    ]);
    expect((await remove(alice, productId, images[0].id)).statusCode).toBe(404);
    expect((await reorder(alice, productId, images.map((i) => i.id).reverse())).statusCode).toBe(404);
  });

  it("a deleted product's image URLs stop working at once, while the files wait for the purge", async () => {
    const { productId, images } = await productWithImages(alice, 1);
    const [url, thumbnail] = [images[0].url, images[0].thumbnailUrl];
    expect((await fetchMedia(url)).statusCode).toBe(200);
    expect((await fetchMedia(thumbnail)).statusCode).toBe(200);
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/products/${productId}`,
      headers: bearer(alice.accessToken),
    });
    expect(deleted.statusCode).toBe(204);
    for (const gone of [url, thumbnail]) {
      const res = await fetchMedia(gone);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    const { sql } = await import('../helpers/tenants');
    const { quotedTenantSchema } = await import('@stoflow/core');
    const [row] = await sql(app).execute(
      `select storage_key from ${quotedTenantSchema(alice.id)}.product_image where id = ?`,
      [images[0].id],
    );
    expect(await exists(row.storage_key as string)).toBe(true);
  });

  it("cross-tenant: Bob gets 404 on every image endpoint of Alice's product, and Alice's images are unchanged", async () => {
    const { productId, images } = await productWithImages(alice, 2);
    const before = await imageRows(app, alice.id, productId);
    const bobs = await productWithImages(bob, 1);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer();

    const attempts = {
      upload: await upload(app, bob, productId, png),
      deleteViaHerProduct: await remove(bob, productId, images[0].id),
      deleteViaHisProduct: await remove(bob, bobs.productId, images[0].id),
      reorder: await reorder(bob, productId, images.map((i) => i.id).reverse()),
      reorderHisWithHers: await reorder(bob, bobs.productId, [images[0].id]),
    };
    for (const [name, res] of Object.entries(attempts)) {
      const expected = name === 'reorderHisWithHers' ? 400 : 404;
      expect({ name, status: res.statusCode }).toEqual({ name, status: expected });
    }
    expect(attempts.upload.json().error.code).toBe('NOT_FOUND');

    const after = await imageRows(app, alice.id, productId);
    expect(after).toEqual(before);
    for (const row of after) expect((await readFile(path.join(mediaDir, row.storage_key))).length).toBeGreaterThan(0);
    expect(await imageRows(app, bob.id, bobs.productId)).toHaveLength(1);
    // Alice's signed URLs still work; they are credentials of their own, not of a tenant.
    expect((await fetchMedia(images[0].url)).statusCode).toBe(200);
  });
});
