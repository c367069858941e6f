import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ImagesModule } from '../../libs/catalog/src/images/images.module';
import { MediaSettings } from '../../libs/catalog/src/media/media-settings';
import { startApi, withEnv } from '../helpers/apps';
import { bearer, register, Registered } from '../helpers/auth';
import {
  countFiles,
  imageCount,
  imageRows,
  insertProduct,
  multipart,
  noiseJpeg,
  phonePhoto,
  tinyPng,
  upload,
} from './images-helpers';

describe('product images: upload, normalisation, signed media URLs', () => {
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

  const mediaPath = (url: string) => new URL(url, 'http://x').pathname;

  it('auto-rotates, strips EXIF and GPS, caps at 2048 px, stores JPEG + 400 px thumbnail, served by a token-free URL', async () => {
    const productId = await insertProduct(app, alice.id);
    const photo = await phonePhoto(3000, 2000);
    const before = await sharp(photo).metadata();
    expect(before.exif?.includes(Buffer.from('StoflowTestCam'))).toBe(true);
    expect(before.orientation).toBe(6);

    const res = await upload(app, alice, productId, photo);
    expect(res.statusCode).toBe(201);
    const image = res.json<{ id: string; url: string; thumbnailUrl: string; position: number }>();
    expect(image).toEqual({
      id: expect.any(String),
      url: expect.any(String),
      thumbnailUrl: expect.any(String),
      position: 0,
    });
    expect(mediaPath(image.url)).toMatch(/^\/media\/[A-Za-z0-9_-]+\.[0-9a-z]+\.[A-Za-z0-9_-]+$/);

    const [row] = await imageRows(app, alice.id, productId);
    expect(row.id).toBe(image.id);
    const stored = await readFile(path.join(mediaDir, row.storage_key));
    const meta = await sharp(stored).metadata();
    // Orientation 6 means "rotate 90°": the 3000×2000 landscape pixels become a portrait, capped at 2048.
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
      format: 'jpeg',
      width: 1365,
      height: 2048,
    });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(stored.includes(Buffer.from('StoflowTestCam'))).toBe(false);
    expect(stored.includes(Buffer.from('Exif\0\0'))).toBe(false);
    const thumb = await sharp(await readFile(path.join(mediaDir, row.thumbnail_key))).metadata();
    expect({ format: thumb.format, width: thumb.width, height: thumb.height, exif: thumb.exif }).toEqual({
      format: 'jpeg',
      width: 266,
      height: 400,
      exif: undefined,
    });

    // No Authorization header: the signature is the credential.
    const served = await app.inject({ method: 'GET', url: mediaPath(image.url) });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['cache-control']).toMatch(/^private, max-age=\d+/);
    expect(served.rawPayload.equals(stored)).toBe(true);
    const servedThumb = await app.inject({ method: 'GET', url: mediaPath(image.thumbnailUrl) });
    expect(servedThumb.statusCode).toBe(200);
    expect((await sharp(servedThumb.rawPayload).metadata()).height).toBe(400);
  });

  it('judges the bytes, not the name or the Content-Type: PNG and WebP are accepted and stored as JPEG', async () => {
    const productId = await insertProduct(app, alice.id);
    const png = await tinyPng();
    const webp = await sharp({ create: { width: 500, height: 300, channels: 3, background: '#33c' } })
      .webp()
      .toBuffer();
    const asPng = await upload(app, alice, productId, png, 'holiday.jpg', 'image/jpeg');
    const asWebp = await upload(app, alice, productId, webp, 'notes.txt', 'text/plain');
    expect([asPng.statusCode, asWebp.statusCode]).toEqual([201, 201]);
    expect([asPng.json().position, asWebp.json().position]).toEqual([0, 1]);
    for (const row of await imageRows(app, alice.id, productId)) {
      const meta = await sharp(await readFile(path.join(mediaDir, row.storage_key))).metadata();
      expect(meta.format).toBe('jpeg');
    }
    // Small images are not enlarged.
    const webpMeta = await sharp(
      await readFile(path.join(mediaDir, (await imageRows(app, alice.id, productId))[1].storage_key)),
    ).metadata();
    expect([webpMeta.width, webpMeta.height]).toEqual([500, 300]);
  });

  it.each([
    ['text named .jpg', Buffer.from('hello, I am not a photo'), 'photo.jpg', 'image/jpeg'],
    [
      'a GIF',
      Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
      'photo.gif',
      'image/gif',
    ],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'a.png', 'image/png'],
    [
      'a truncated JPEG',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
      'a.jpg',
      'image/jpeg',
    ],
    ['an empty file', Buffer.alloc(0), 'a.jpg', 'image/jpeg'],
  ])('refuses %s with 422 UNSUPPORTED_IMAGE and stores nothing', async (_label, bytes, name, type) => {
    const productId = await insertProduct(app, alice.id);
    const res = await upload(app, alice, productId, bytes, name, type);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'UNSUPPORTED_IMAGE', details: [{ field: 'file' }] });
    expect(res.json().error.message).toMatch(/JPEG, PNG or WebP/);
    expect(await imageRows(app, alice.id, productId)).toEqual([]);
  });

  it('accepts a multi-megabyte photo (above the JSON body limit) and refuses more than 10 MB with 413', async () => {
    const productId = await insertProduct(app, alice.id);
    const big = await noiseJpeg(1400, 95);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expect((await upload(app, alice, productId, big)).statusCode).toBe(201);

    const huge = Buffer.concat([await phonePhoto(100, 100), Buffer.alloc(10 * 1024 * 1024 + 10, 0)]);
    const res = await upload(app, alice, productId, huge);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/10 MB/) });
    expect(await imageRows(app, alice.id, productId)).toHaveLength(1);
  });

  it('allows 20 images per product, even when uploads race, then answers 422 TOO_MANY_IMAGES', async () => {
    const productId = await insertProduct(app, alice.id);
    const png = await tinyPng();
    const results = await Promise.all(Array.from({ length: 22 }, () => upload(app, alice, productId, png)));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 422)).toHaveLength(2);
    expect(results.find((r) => r.statusCode === 422)!.json().error.code).toBe('TOO_MANY_IMAGES');
    const rows = await imageRows(app, alice.id, productId);
    expect(rows.map((r) => r.position)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // No file was left behind by the refused uploads.
    const files = await readdir(path.join(mediaDir, `t${alice.id}`), { recursive: true });
    for (const r of rows)
      expect(files).toEqual(
        expect.arrayContaining([r.storage_key, r.thumbnail_key].map((k) => k.split('/').slice(1).join('/'))),
      );
    expect(await countFiles(path.join(mediaDir, `t${alice.id}`))).toBe(2 * (await imageCount(app, alice.id)));
  });

  it('answers 415 to a non-multipart body, 400 to a multipart body without a file, 404 to an unknown or deleted product', async () => {
    const productId = await insertProduct(app, alice.id);
    const json = await app.inject({
      method: 'POST',
      url: `/api/products/${productId}/images`,
      headers: bearer(alice.accessToken),
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const boundary = 'xyz';
    const noFile = await app.inject({
      method: 'POST',
      url: `/api/products/${productId}/images`,
      headers: { ...bearer(alice.accessToken), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.code).toBe('VALIDATION_FAILED');

    const png = await tinyPng();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', await insertProduct(app, alice.id, 1)]) {
      const res = await upload(app, alice, id, png);
      expect({ id, status: res.statusCode, code: res.json().error.code }).toEqual({
        id,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    const anonymous = await app.inject({ method: 'POST', url: `/api/products/${productId}/images`, ...multipart(png) });
    expect(anonymous.statusCode).toBe(401);
  });

  it('serves nothing else under /media: tampered, expired, unsigned and unknown tokens are 404', async () => {
    const productId = await insertProduct(app, alice.id);
    const image = (await upload(app, alice, productId, await tinyPng())).json<{ url: string }>();
    const token = mediaPath(image.url).slice('/media/'.length);
    const [key, expiry, mac] = token.split('.');
    const sign = (payload: string) =>
      createHmac('sha256', app.get(MediaSettings).signingKey).update(payload).digest('base64url');
    const past = Math.floor(Date.now() / 1000 - 60).toString(36);
    const otherKey = Buffer.from(`t${alice.id}/AA/missing.jpg`).toString('base64url');
    const flipped = mac[0] === 'A' ? `B${mac.slice(1)}` : `A${mac.slice(1)}`;
    const cases = {
      tamperedMac: `/media/${key}.${expiry}.${flipped}`,
      extendedExpiry: `/media/${key}.${(parseInt(expiry, 36) + 3600).toString(36)}.${mac}`,
      expired: `/media/${key}.${past}.${sign(`${key}.${past}`)}`,
      unknownKey: `/media/${otherKey}.${expiry}.${sign(`${otherKey}.${expiry}`)}`,
      rawKey: `/media/${key}`,
      traversal: '/media/..%2F..%2Fetc%2Fpasswd',
      nested: `/media/t${alice.id}/${productId}`,
      root: '/media',
    };
    for (const [name, url] of Object.entries(cases)) {
      const res = await app.inject({ method: 'GET', url });
      expect({ name, status: res.statusCode, code: res.json().error?.code }).toEqual({
        name,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    expect((await app.inject({ method: 'GET', url: mediaPath(image.url) })).statusCode).toBe(200);
  });
});
