import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startApi } from '../helpers/apps';
import { sql } from '../helpers/tenants';
import {
  attributeId,
  createProduct,
  ErrorBody,
  getProduct,
  newProduct,
  patchProduct,
  ProductBody,
  seller,
  Seller,
} from './catalog-helpers';

describe('products: create, read, update, delete', () => {
  let app: NestFastifyApplication;
  let user: Seller;
  beforeAll(async () => {
    app = await startApi();
    user = await seller(app);
  });
  afterAll(() => app.close());

  const issues = (body: string) => JSON.parse(body).error.details as { field: string; issue: string }[];

  it('creates a draft with every field, money as a two-decimal string, an ETag, and reads it back', async () => {
    const ids = {
      brandId: await attributeId(app, 'brands', 'levis'),
      categoryId: await attributeId(app, 'categories', 'women_jeans'),
      conditionId: await attributeId(app, 'conditions', 'very_good'),
      colorIds: [await attributeId(app, 'colors', 'blue'), await attributeId(app, 'colors', 'white')],
      materialIds: [await attributeId(app, 'materials', 'denim')],
      sizeId: await attributeId(app, 'sizes', 'm'),
      genderId: await attributeId(app, 'genders', 'women'),
      seasonId: await attributeId(app, 'seasons', 'all_seasons'),
      fitId: await attributeId(app, 'fits', 'straight'),
    };
    const res = await createProduct(app, user, {
      sku: 'JEANS-0042',
      title: "Levi's 501",
      description: 'Worn twice',
      price: '12.5',
      currency: 'GBP',
      packageSize: 'medium',
      weightGrams: 650,
      stockQuantity: 2,
      ...ids,
    });
    expect(res.statusCode).toBe(201);
    const product = res.json<ProductBody>();
    expect(product).toMatchObject({
      sku: 'JEANS-0042',
      title: "Levi's 501",
      price: '12.50',
      currency: 'GBP',
      status: 'draft',
      version: 1,
      packageSize: 'medium',
      weightGrams: 650,
      stockQuantity: 2,
      images: [],
      listings: [],
      ...ids,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/products/${product.id}`);
    expect(new Date(product.createdAt).toISOString()).toBe(product.createdAt);
    const read = await getProduct(app, user, product.id);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(product);
    expect(read.headers.etag).toBe('"1"');
    const [row] = await sql(app).execute(
      `select price, pg_typeof(price)::text as type from "user_${user.id}".product where id = ?`,
      [product.id],
    );
    expect(row).toEqual({ price: '12.50', type: 'numeric' });
  });

  it('fills defaults and generates a sku when absent; a live sku is unique, a deleted one is free again', async () => {
    const product = await newProduct(app, user, { sku: undefined });
    expect(product).toMatchObject({ currency: 'EUR', stockQuantity: 1, description: '', colorIds: [], brandId: null });
    expect(product.sku).toMatch(/^SF-[0-9A-HJKMNP-TV-Z]{8}$/);
    const taken = await createProduct(app, user, { sku: product.sku });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<ErrorBody>().error.details).toEqual([{ field: 'sku', issue: 'already used by another product' }]);
    const other = await newProduct(app, user);
    expect((await patchProduct(app, user, other.id, { sku: product.sku })).statusCode).toBe(409);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/products/${product.id}`, headers: user.headers })).statusCode,
    ).toBe(204);
    expect((await createProduct(app, user, { sku: product.sku })).statusCode).toBe(201);
  });

  it.each([
    [{ title: '' }, 'title'],
    [{ title: 'x'.repeat(121) }, 'title'], // 121 characters
    [{ title: '   ' }, 'title'],
    [{ description: 'x'.repeat(5001) }, 'description'], // 5001 characters
    [{ price: 12.5 }, 'price'],
    [{ price: '0' }, 'price'],
    [{ price: '0.00' }, 'price'],
    [{ price: '-1.00' }, 'price'],
    [{ price: '1.999' }, 'price'],
    [{ price: '12345678901.00' }, 'price'],
    [{ price: '1e3' }, 'price'],
    [{ currency: 'EURO' }, 'currency'],
    [{ currency: 'XYZ' }, 'currency'],
    [{ stockQuantity: -1 }, 'stockQuantity'],
    [{ stockQuantity: 1.5 }, 'stockQuantity'],
    [{ packageSize: 'huge' }, 'packageSize'],
    [{ weightGrams: 0 }, 'weightGrams'],
    [{ colorIds: [1, 1] }, 'colorIds'],
    [{ brandId: 'nike' }, 'brandId'],
    [{ sku: '' }, 'sku'],
    [{ sku: null }, 'sku'],
    [{ status: 'active' }, 'status'],
    [{ owner: 3 }, 'owner'],
  ] as [Record<string, unknown>, string][])(
    'refuses bad input #%# with 400 naming the field',
    async (payload, field) => {
      const res = await createProduct(app, user, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorBody>().error.code).toBe('VALIDATION_FAILED');
      expect(issues(res.body).map((d) => d.field)).toContain(field);
    },
  );

  it('answers a price sent as a JSON number with one message, not a second one about digits', async () => {
    const res = await createProduct(app, user, { price: 12.5 });
    expect(res.statusCode).toBe(400);
    expect(issues(res.body).filter((d) => d.field === 'price')).toEqual([
      { field: 'price', issue: 'must be a decimal string such as "12.50", not a number' },
    ]);
  });

  it('checks every attribute id against the reference tables (400 naming each field)', async () => {
    const brandId = await attributeId(app, 'brands', 'nike');
    const res = await createProduct(app, user, {
      brandId,
      categoryId: 999_999,
      colorIds: [await attributeId(app, 'colors', 'black'), 999_998],
      fitId: 999_997,
    });
    expect(res.statusCode).toBe(400);
    expect(
      issues(res.body)
        .map((d) => d.field)
        .sort(),
    ).toEqual(['categoryId', 'colorIds', 'fitId']);
    const product = await newProduct(app, user, { brandId });
    const patch = await patchProduct(app, user, product.id, { seasonId: 999_999 });
    expect(patch.statusCode).toBe(400);
    expect(issues(patch.body)).toEqual([{ field: 'seasonId', issue: 'no such season' }]);
  });

  it('PATCH changes only the fields given, clears nullable ones with null, and bumps version and ETag', async () => {
    const brandId = await attributeId(app, 'brands', 'zara');
    const product = await newProduct(app, user, { brandId, description: 'keep me', weightGrams: 300 });
    const res = await patchProduct(app, user, product.id, { price: '9.9', brandId: null, weightGrams: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      price: '9.90',
      brandId: null,
      weightGrams: null,
      description: 'keep me',
      version: 2,
    });
    expect(res.headers.etag).toBe('"2"');
    expect((await patchProduct(app, user, product.id, { title: null })).statusCode).toBe(400);
    expect((await patchProduct(app, user, product.id, { stockQuantity: -3 })).statusCode).toBe(400);
    const same = await patchProduct(app, user, product.id, { price: '9.90' });
    expect(same.json<ProductBody>().version).toBe(2);
  });

  it("keeps Etsy's whenMade: current buckets only, editable, cleared with null, in the item and the list", async () => {
    const product = await newProduct(app, user, { whenMade: '1970s' });
    expect(product.whenMade).toBe('1970s');
    // The official document's stale bucket names are refused: Etsy no longer takes them.
    const stale = await createProduct(app, user, { whenMade: '2020_2023' });
    expect(stale.statusCode).toBe(400);
    expect(issues(stale.body)).toContainEqual(expect.objectContaining({ field: 'whenMade' }));
    expect((await patchProduct(app, user, product.id, { whenMade: 'before_2004' })).statusCode).toBe(400);
    const changed = await patchProduct(app, user, product.id, { whenMade: 'before_2006' });
    expect(changed.json()).toMatchObject({ whenMade: 'before_2006', version: 2 });
    const list = await app.inject({ method: 'GET', url: '/api/products?limit=100', headers: user.headers });
    const listed = list.json<{ items: ProductBody[] }>().items.find((p) => p.id === product.id);
    expect(listed?.whenMade).toBe('before_2006');
    expect((await patchProduct(app, user, product.id, { whenMade: null })).json()).toMatchObject({ whenMade: null });
    expect((await newProduct(app, user)).whenMade).toBeNull();
  });

  it('PATCH with a stale If-Match is 409 and changes nothing; the current ETag is accepted', async () => {
    const product = await newProduct(app, user);
    expect((await patchProduct(app, user, product.id, { title: 'first' }, '"1"')).statusCode).toBe(200);
    const stale = await patchProduct(app, user, product.id, { title: 'second' }, '"1"');
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ErrorBody>().error.code).toBe('CONFLICT');
    expect((await getProduct(app, user, product.id)).json<ProductBody>().title).toBe('first');
    expect((await patchProduct(app, user, product.id, { title: 'third' }, '"2"')).statusCode).toBe(200);
    expect((await patchProduct(app, user, product.id, { title: 'fourth' }, 'garbage')).statusCode).toBe(400);
  });

  it('never loses one of many concurrent PATCHes; with one If-Match, exactly one wins', async () => {
    const product = await newProduct(app, user, { stockQuantity: 0 });
    const fields = ['title', 'description', 'sku', 'price', 'weightGrams', 'stockQuantity'] as const;
    const values = {
      title: 'concurrent',
      description: 'd',
      sku: `C-${product.id.slice(0, 8)}`,
      price: '7.77',
      weightGrams: 123,
      stockQuantity: 9,
    };
    const answers = await Promise.all(fields.map((f) => patchProduct(app, user, product.id, { [f]: values[f] })));
    expect(answers.map((a) => a.statusCode)).toEqual(fields.map(() => 200));
    const after = (await getProduct(app, user, product.id)).json<ProductBody>();
    expect(after).toMatchObject({ ...values, version: 1 + fields.length });

    const racing = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => patchProduct(app, user, product.id, { title: `racer ${n}` }, `"${after.version}"`)),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = racing.find((r) => r.statusCode === 200)!.json<ProductBody>();
    expect((await getProduct(app, user, product.id)).json<ProductBody>()).toMatchObject({
      title: winner.title,
      version: after.version + 1,
    });
  });

  it('moves status only along draft → active → sold | archived (409 otherwise)', async () => {
    const move = async (id: string, status: string) => (await patchProduct(app, user, id, { status })).statusCode;
    const a = await newProduct(app, user);
    expect(await move(a.id, 'sold')).toBe(409);
    expect(await move(a.id, 'archived')).toBe(409);
    expect(await move(a.id, 'active')).toBe(200);
    expect(await move(a.id, 'draft')).toBe(409);
    expect(await move(a.id, 'archived')).toBe(200);
    expect(await move(a.id, 'active')).toBe(409);
    const b = await newProduct(app, user);
    expect(await move(b.id, 'active')).toBe(200);
    expect(await move(b.id, 'sold')).toBe(200);
    for (const to of ['draft', 'active', 'archived']) expect(await move(b.id, to)).toBe(409);
    const illegal = await patchProduct(app, user, b.id, { status: 'draft' });
    expect(illegal.json<ErrorBody>().error).toMatchObject({
      code: 'CONFLICT',
      details: [{ field: 'status', issue: 'sold → draft is not allowed' }],
    });
    expect(await move(b.id, 'gone')).toBe(400);
  });

  it('soft-deletes: 204, then 404 on every read and write, row kept with deleted_at', async () => {
    const product = await newProduct(app, user);
    const del = () => app.inject({ method: 'DELETE', url: `/api/products/${product.id}`, headers: user.headers });
    expect((await del()).statusCode).toBe(204);
    expect((await getProduct(app, user, product.id)).statusCode).toBe(404);
    expect((await patchProduct(app, user, product.id, { title: 'x' })).statusCode).toBe(404);
    expect((await del()).statusCode).toBe(404);
    const list = await app.inject({ method: 'GET', url: '/api/products?limit=100', headers: user.headers });
    expect(list.json<{ items: ProductBody[] }>().items.map((p) => p.id)).not.toContain(product.id);
    const [row] = await sql(app).execute(`select deleted_at from "user_${user.id}".product where id = ?`, [product.id]);
    expect(row.deleted_at).not.toBeNull();
  });

  it('answers 404 for an unknown or malformed id, and 401 without a token', async () => {
    expect((await getProduct(app, user, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const malformed = await getProduct(app, user, 'not-a-uuid');
    expect(malformed.statusCode).toBe(404);
    expect(malformed.json<ErrorBody>().error.code).toBe('NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: '/api/products' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/products', payload: {} })).statusCode).toBe(401);
  });

  it('writes ProductCreated, ProductUpdated and ProductDeleted to the outbox in the command transaction', async () => {
    const product = await newProduct(app, user);
    await patchProduct(app, user, product.id, { title: 'renamed', price: '3.00' });
    await app.inject({ method: 'DELETE', url: `/api/products/${product.id}`, headers: user.headers });
    const events = await sql(app).execute<{ type: string; tenant_id: string; payload: Record<string, unknown> }[]>(
      'select type, tenant_id, payload from public.outbox_events where aggregate_id = ? order by id',
      [product.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      'catalog.product-created',
      'catalog.product-updated',
      'catalog.product-deleted',
    ]);
    expect(events.every((e) => Number(e.tenant_id) === user.id)).toBe(true);
    expect(events[1].payload).toMatchObject({ productId: product.id, version: 2, changed: ['title', 'price'] });
    const failed = await createProduct(app, user, { categoryId: 999_999 });
    expect(failed.statusCode).toBe(400);
    const [{ n }] = await sql(app).execute<{ n: number }[]>(
      `select count(*)::int as n from public.outbox_events where tenant_id = ? and type = 'catalog.product-created'`,
      [user.id],
    );
    const [{ live }] = await sql(app).execute<{ live: number }[]>(
      `select count(*)::int as live from "user_${user.id}".product`,
    );
    expect(n).toBe(live);
  });

  it('describes the product fields, packageSize, weightGrams, seasonId and fitId in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs-json' })).json<{
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/products', '/api/products/{id}', '/api/attributes/{type}']),
    );
    const create = doc.components.schemas.CreateProductDto.properties;
    expect(Object.keys(create)).toEqual(
      expect.arrayContaining(['packageSize', 'weightGrams', 'seasonId', 'fitId', 'price']),
    );
    expect(create.packageSize.enum).toEqual(['small', 'medium', 'large']);
    expect(create.whenMade.enum).toEqual(expect.arrayContaining(['2020_2025', 'before_2006', '1990s', 'before_1700']));
    expect(create.whenMade.enum).not.toContain('2020_2023');
    expect(Object.keys(doc.components.schemas.ProductDto.properties)).toEqual(
      expect.arrayContaining([
        'images',
        'listings',
        'version',
        'packageSize',
        'whenMade',
        'weightGrams',
        'seasonId',
        'fitId',
      ]),
    );
  });
});
