import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { quotedTenantSchema } from '@stoflow/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import sharp from 'sharp';
import { bearer, Registered } from '../helpers/auth';
import { sql } from '../helpers/tenants';

export const DAY_MS = 24 * 3600 * 1000;

/** A multipart/form-data body with one file part, built by hand (no client library needed for inject). */
export function multipart(bytes: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') {
  const boundary = `----stoflow${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
    `Content-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export function upload(
  app: NestFastifyApplication,
  user: Registered,
  productId: string,
  bytes: Buffer,
  name?: string,
  type?: string,
) {
  const body = multipart(bytes, name, type);
  return app.inject({
    method: 'POST',
    url: `/api/products/${productId}/images`,
    headers: { ...bearer(user.accessToken), ...body.headers },
    payload: body.payload,
  });
}

/** A product row straight in the tenant's table (the images suite does not depend on the products API). */
export async function insertProduct(
  app: NestFastifyApplication,
  tenantId: number,
  deletedDaysAgo?: number,
): Promise<string> {
  const id = randomUUID();
  await sql(app).execute(
    `insert into ${quotedTenantSchema(tenantId)}.product (id, sku, title, price, currency, deleted_at)
     values (?, ?, 'Veste en jean', 12.50, 'EUR', ?)`,
    [id, `SKU-${id.slice(0, 8)}`, deletedDaysAgo === undefined ? null : new Date(Date.now() - deletedDaysAgo * DAY_MS)],
  );
  return id;
}

export async function imageRows(app: NestFastifyApplication, tenantId: number, productId: string) {
  return sql(app).execute<{ id: string; position: number; storage_key: string; thumbnail_key: string }[]>(
    `select id, position, storage_key, thumbnail_key from ${quotedTenantSchema(tenantId)}.product_image
     where product_id = ? order by position`,
    [productId],
  );
}

/** A photo as a phone takes it: landscape pixels, EXIF orientation 6 (rotate 90°), camera make and GPS position. */
export function phonePhoto(width = 3000, height = 2000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c33' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'StoflowTestCam' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
    })
    .toBuffer();
}

export function tinyPng(color = '#3c3'): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 12, channels: 4, background: color } })
    .png()
    .toBuffer();
}

/** Random pixels compress badly: a JPEG of several megabytes. */
export function noiseJpeg(side: number, quality = 95): Promise<Buffer> {
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

export async function imageCount(app: NestFastifyApplication, tenantId: number): Promise<number> {
  const [{ n }] = await sql(app).execute<{ n: number }[]>(
    `select count(*)::int as n from ${quotedTenantSchema(tenantId)}.product_image`,
  );
  return n;
}

/** Files (not directories) under `dir`, recursively; 0 when it does not exist. */
export async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}
