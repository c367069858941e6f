import { NestFastifyApplication } from '@nestjs/platform-fastify';
import sharp from 'sharp';
import { startApi, withEnv } from '../helpers/apps';
import { newProduct, seller } from '../catalog/catalog-helpers';
import { upload } from '../catalog/images-helpers';

const DASHBOARD = 'https://app.stoflow.example';

describe('a dashboard on another origin', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await withEnv({ CORS_ORIGINS: DASHBOARD }, () => startApi());
  });
  afterAll(() => app.close());

  it.each(['PATCH', 'PUT', 'DELETE', 'POST'])('may send %s (CORS preflight)', async (method) => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/products/0b7e2a4c-3f1d-4c2e-9a6b-5d8f1e2c3a4b',
      headers: {
        origin: DASHBOARD,
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization, content-type, if-match',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(String(res.headers['access-control-allow-methods']).split(/,\s*/)).toContain(method);
  });

  it('reads ETag and Location, and shows signed images (CORP cross-origin for media only)', async () => {
    const user = await seller(app);
    const created = await app.inject({
      method: 'POST',
      url: '/api/products',
      headers: { ...user.headers, origin: DASHBOARD },
      payload: { title: 'Jacket', price: '10.00' },
    });
    expect(created.statusCode).toBe(201);
    const exposed = String(created.headers['access-control-expose-headers']).toLowerCase();
    for (const header of ['etag', 'location', 'retry-after', 'x-request-id']) expect(exposed).toContain(header);
    expect(created.headers['cross-origin-resource-policy']).toBe('same-origin');

    const product = await newProduct(app, user);
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#abc' } })
      .png()
      .toBuffer();
    const image = (await upload(app, user, product.id, png)).json<{ url: string }>();
    const media = await app.inject({ method: 'GET', url: new URL(image.url, 'http://x').pathname });
    expect(media.statusCode).toBe(200);
    expect(media.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });
});
