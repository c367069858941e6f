import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandBus } from '@nestjs/cqrs';
import { GrantImageUploadCommand } from '@stoflow/catalog';
import type { ImageUploadGrant } from '@stoflow/catalog';
import { TenantContext } from '@stoflow/core';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImagesModule } from '../../libs/catalog/src/images/images.module';
import { startApi, withEnv } from '../helpers/apps';
import { register, Registered } from '../helpers/auth';
import { imageRows, insertProduct, multipart, phonePhoto } from './images-helpers';

/** Signed upload URLs: how the extension hands a photo copied from a marketplace to the image pipeline. */
describe('product images: signed, single-use upload URLs', () => {
  let app: NestFastifyApplication;
  let mediaDir: string;
  let alice: Registered;

  beforeAll(async () => {
    mediaDir = await mkdtemp(path.join(os.tmpdir(), 'stoflow-media-'));
    app = await withEnv({ MEDIA_DIR: mediaDir }, () => startApi(ImagesModule));
    alice = await register(app);
  });
  afterAll(async () => {
    await app.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  const grant = (who: Registered, productId: string): Promise<ImageUploadGrant> =>
    app.get(TenantContext).run(who.id, () => app.get(CommandBus).execute(new GrantImageUploadCommand(productId)));
  const send = (url: string, bytes: Buffer) => {
    const body = multipart(bytes);
    return app.inject({ method: 'POST', url: new URL(url, 'http://x').pathname, ...body });
  };

  it('adds the image through the normal pipeline without a token, once: the same URL again answers that image', async () => {
    const productId = await insertProduct(app, alice.id);
    const { url } = await grant(alice, productId);
    const bytes = await phonePhoto(3000, 2000);

    const first = await send(url, bytes);
    expect(first.statusCode).toBe(201);
    const image = first.json<{ id: string; url: string; position: number }>();
    expect(image.position).toBe(0);
    const served = await app.inject({ method: 'GET', url: new URL(image.url, 'http://x').pathname });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');

    const again = await send(url, bytes);
    expect(again.statusCode).toBe(201);
    expect(again.json<{ id: string }>().id).toBe(image.id);
    expect(await imageRows(app, alice.id, productId)).toHaveLength(1);
  });

  it('refuses a tampered or unknown token with 404, and bytes that are not an image with 422', async () => {
    const productId = await insertProduct(app, alice.id);
    const { url } = await grant(alice, productId);
    const token = url.split('/').pop()!;
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const bytes = await phonePhoto(400, 300);
    for (const bad of [tampered, 'not-a-token', `${token}x`]) {
      const res = await send(`/media/uploads/${bad}`, bytes);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    const text = await send(url, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    expect(text.statusCode).toBe(422);
    expect(await imageRows(app, alice.id, productId)).toHaveLength(0);
  });

  it('grants nothing for another tenant’s product: 404', async () => {
    const productId = await insertProduct(app, alice.id);
    const bob = await register(app);
    await expect(grant(bob, productId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
