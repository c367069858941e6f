import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startApi } from '../helpers/apps';
import { me } from '../helpers/auth';
import { sql } from '../helpers/tenants';
import { createProduct, ErrorBody, seller } from './catalog-helpers';

describe('products quota', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi();
  });
  afterAll(() => app.close());

  const freeLimit = async () =>
    (
      await sql(app).execute<{ products: number }[]>(
        "select products from public.subscription_quotas where tier = 'free'",
      )
    )[0].products;

  it('refuses the product over the tier limit with 403 QUOTA_EXCEEDED, also under concurrency; a delete frees a slot', async () => {
    const user = await seller(app, 'free');
    const limit = await freeLimit();
    const answers = await Promise.all(
      Array.from({ length: limit + 5 }, (_, i) => createProduct(app, user, { title: `item ${i}` })),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(limit);
    expect(codes.filter((c) => c === 403)).toHaveLength(5);
    const refused = answers.find((a) => a.statusCode === 403)!.json<ErrorBody>();
    expect(refused.error.code).toBe('QUOTA_EXCEEDED');
    expect((await me(app, user.accessToken)).json()).toMatchObject({ quotas: { products: { used: limit, limit } } });

    const first = answers.find((a) => a.statusCode === 201)!.json<{ id: string }>();
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/products/${first.id}`, headers: user.headers })).statusCode,
    ).toBe(204);
    expect((await me(app, user.accessToken)).json()).toMatchObject({ quotas: { products: { used: limit - 1 } } });
    expect((await createProduct(app, user)).statusCode).toBe(201);
    expect((await createProduct(app, user)).statusCode).toBe(403);
  });

  it('has no limit on a tier whose products quota is null', async () => {
    const user = await seller(app, 'business');
    const limit = await freeLimit();
    for (let i = 0; i <= limit; i += 1) expect((await createProduct(app, user)).statusCode).toBe(201);
  });
});
