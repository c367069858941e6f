import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { startApi } from '../helpers/apps';
import { sql } from '../helpers/tenants';
import { attributeId, countQueries, newProduct, patchProduct, ProductBody, seller, Seller } from './catalog-helpers';

interface ProductPage {
  items: ProductBody[];
  total: number;
  page: number;
  limit: number;
}

describe('GET /api/products: filters, sort, pagination, constant queries', () => {
  let app: NestFastifyApplication;
  let user: Seller;
  beforeAll(async () => {
    app = await startApi();
    user = await seller(app);
  });
  afterAll(() => app.close());

  const list = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/products?${query}`, headers: user.headers });
    expect(res.statusCode).toBe(200);
    return res.json<ProductPage>();
  };
  const titles = async (query: string) => (await list(query)).items.map((p) => p.title);

  it('filters by status, q (accent/case-blind on title and sku), brand, category subtree and marketplace', async () => {
    const nike = await attributeId(app, 'brands', 'nike');
    const jeans = await attributeId(app, 'categories', 'women_jeans');
    const women = await attributeId(app, 'categories', 'women');
    const a = await newProduct(app, user, {
      title: 'Robe d’été fleurie',
      brandId: nike,
      categoryId: jeans,
      price: '30.00',
    });
    const b = await newProduct(app, user, { title: 'Blue jeans', sku: 'ZZ-ETE-1', price: '5.00' });
    await newProduct(app, user, { title: 'Plain shirt', price: '12.00' });
    await patchProduct(app, user, b.id, { status: 'active' });
    expect(await titles('status=active')).toEqual(['Blue jeans']);
    expect((await titles('q=ETE')).sort()).toEqual(['Blue jeans', 'Robe d’été fleurie']);
    expect(await titles('q=%25')).toEqual([]);
    expect(await titles(`brandId=${nike}`)).toEqual(['Robe d’été fleurie']);
    expect(await titles(`categoryId=${women}`)).toEqual(['Robe d’été fleurie']);
    await app
      .get(TenantContext)
      .run(user.id, () =>
        app
          .get(TenantDatabase)
          .transaction((em) =>
            em.execute(
              `insert into product_listing (product_id, marketplace, status, updated_at) values (?, 'ebay', 'published', now())`,
              [a.id],
            ),
          ),
      );
    expect(await titles('marketplace=ebay')).toEqual(['Robe d’été fleurie']);
    expect(await titles('marketplace=vinted')).toEqual([]);
    expect(
      (await app.inject({ method: 'GET', url: '/api/products?marketplace=amazon', headers: user.headers })).statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ method: 'GET', url: '/api/products?status=gone', headers: user.headers })).statusCode,
    ).toBe(400);
  });

  it('sorts on createdAt, updatedAt, price (as numbers, not text) and title, `-` for descending', async () => {
    const other = await seller(app);
    for (const [title, price] of [
      ['b', '9.00'],
      ['a', '10.00'],
      ['c', '100.00'],
    ])
      await newProduct(app, other, { title, price });
    const sorted = async (sort: string) =>
      (await app.inject({ method: 'GET', url: `/api/products?sort=${sort}`, headers: other.headers }))
        .json<ProductPage>()
        .items.map((p) => p.title);
    expect(await sorted('price')).toEqual(['b', 'a', 'c']);
    expect(await sorted('-price')).toEqual(['c', 'a', 'b']);
    expect(await sorted('title')).toEqual(['a', 'b', 'c']);
    expect(await sorted('-title')).toEqual(['c', 'b', 'a']);
    // As people read titles, whatever the database's collation: accents and case do not send a title to the end.
    const reader = await seller(app);
    for (const title of ['Zara dress', 'éclair top', 'Eclair skirt', 'apple tee'])
      await newProduct(app, reader, { title });
    const read = (await app.inject({ method: 'GET', url: '/api/products?sort=title', headers: reader.headers }))
      .json<ProductPage>()
      .items.map((p) => p.title);
    expect(read).toEqual(['apple tee', 'Eclair skirt', 'éclair top', 'Zara dress']);
    expect(await sorted('createdAt')).toEqual(['b', 'a', 'c']);
    expect(await sorted('-createdAt')).toEqual(['c', 'a', 'b']);
    const all = (await app.inject({ method: 'GET', url: '/api/products', headers: other.headers })).json<ProductPage>()
      .items;
    await patchProduct(app, other, all.find((p) => p.title === 'b')!.id, { description: 'touched' });
    expect((await sorted('-updatedAt'))[0]).toBe('b');
    expect(
      (await app.inject({ method: 'GET', url: '/api/products?sort=stock', headers: other.headers })).statusCode,
    ).toBe(400);
  });

  it('pages with total, page and limit (1..100)', async () => {
    const other = await seller(app);
    for (let i = 0; i < 7; i += 1) await newProduct(app, other, { title: `p${i}` });
    const page = (q: string) => app.inject({ method: 'GET', url: `/api/products?${q}`, headers: other.headers });
    const second = (await page('page=2&limit=3&sort=title')).json<ProductPage>();
    expect(second).toMatchObject({ total: 7, page: 2, limit: 3 });
    expect(second.items.map((p) => p.title)).toEqual(['p3', 'p4', 'p5']);
    expect((await page('page=9&limit=3')).json<ProductPage>()).toMatchObject({ items: [], total: 7 });
    expect((await page('limit=101')).statusCode).toBe(400);
    expect((await page('limit=0')).statusCode).toBe(400);
  });

  it('costs the same number of SQL queries for a page of 1 and a page of 100', async () => {
    const other = await seller(app);
    for (let i = 0; i < 30; i += 1) await newProduct(app, other, { title: `n${i}` });
    const [{ id }] = await sql(app).execute<{ id: string }[]>(`select id from "user_${other.id}".product limit 1`);
    await app.get(TenantContext).run(other.id, () =>
      app.get(TenantDatabase).transaction((em) =>
        em.execute(
          `insert into product_listing (product_id, marketplace, status, updated_at) select id, m, 'published', now()
             from product, unnest(array['vinted', 'ebay', 'etsy']) m`,
        ),
      ),
    );
    const run = (limit: number) =>
      countQueries(app, () =>
        app.inject({ method: 'GET', url: `/api/products?limit=${limit}`, headers: other.headers }),
      );
    const [small, smallQueries] = await run(1);
    const [large, largeQueries] = await run(100);
    expect(small.json<ProductPage>().items).toHaveLength(1);
    const items = large.json<ProductPage>().items;
    expect(items).toHaveLength(30);
    expect(items.find((p) => p.id === id)!.listings.map((l) => l.marketplace)).toEqual(['ebay', 'etsy', 'vinted']);
    // One statement (tenant role + search_path, count, page with listings and images folded in): counted, not mocked.
    expect(smallQueries.length).toBeGreaterThanOrEqual(1);
    expect(largeQueries.length).toBe(smallQueries.length);
    expect(largeQueries.length).toBeLessThanOrEqual(5);
  });

  it('keeps the unfiltered total exact whoever writes (the tally triggers): API, SQL by hand, soft and hard deletes', async () => {
    const other = await seller(app);
    const schema = `"user_${other.id}"`;
    const total = async (q = '') =>
      (
        await app.inject({ method: 'GET', url: `/api/products?limit=1${q}`, headers: other.headers })
      ).json<ProductPage>().total;
    const counted = async (where = '') =>
      (
        await sql(app).execute<{ n: number }[]>(
          `select count(*)::int as n from ${schema}.product where deleted_at is null${where}`,
        )
      )[0].n;
    const made = [];
    for (let i = 0; i < 4; i += 1) made.push(await newProduct(app, other, { title: `t${i}` }));
    // A bulk insert in one statement, without the tenant's search_path (like the benchmark's seeding).
    await sql(app).execute(
      `insert into ${schema}.product (id, sku, title, price, currency, status, deleted_at)
       select gen_random_uuid(), 'BULK-' || n, 'Bulk ' || n, 5, 'EUR', 'active', case when n > 40 then now() end
         from generate_series(1, 50) n`,
    );
    expect(await total()).toBe(44);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/products/${made[0].id}`, headers: other.headers })).statusCode,
    ).toBe(204);
    await sql(app).execute(`delete from ${schema}.product where id = ?`, [made[1].id]);
    await sql(app).execute(`update ${schema}.product set deleted_at = null where sku in ('BULK-41', 'BULK-42')`);
    await sql(app).execute(`update ${schema}.product set title = 'renamed' where sku = 'BULK-1'`);
    await sql(app).execute(`delete from ${schema}.product where sku in ('BULK-43', 'BULK-44')`);
    expect(await total()).toBe(await counted());
    expect(await total()).toBe(44);
    // Filtered lists count their rows.
    expect(await total('&status=active')).toBe(await counted(" and status = 'active'"));
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: other.headers })).json().quotas.products.used,
    ).toBe(44);
  });
});
