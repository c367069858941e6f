import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ImagesModule } from '../../libs/catalog/src/images/images.module';
import { startApi, withEnv } from '../helpers/apps';
import { bearer, register, Registered } from '../helpers/auth';
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
