import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startApi } from '../helpers/apps';
import { sql } from '../helpers/tenants';
import { ErrorBody, seller, Seller } from './catalog-helpers';

interface AttributePage {
  items: ({ id: number; code: string; name: string } & Record<string, unknown>)[];
  total: number;
  page: number;
  limit: number;
}

describe('reference data: GET /api/attributes/{type}', () => {
  let app: NestFastifyApplication;
  let user: Seller;
  beforeAll(async () => {
    app = await startApi();
    user = await seller(app);
  });
  afterAll(() => app.close());

  const list = (path: string) => app.inject({ method: 'GET', url: `/api/attributes/${path}`, headers: user.headers });

  it('seeds every type from the data files, with the marketplace ids', async () => {
    const expected = {
      brands: 300,
      colors: 28,
      conditions: 6,
      materials: 55,
      sizes: 255,
      categories: 470,
      genders: 6,
      seasons: 5,
      fits: 13,
    };
    for (const [type, total] of Object.entries(expected)) {
      const res = await list(`${type}?limit=1`);
      expect(res.statusCode).toBe(200);
      expect(res.json<AttributePage>().total).toBe(total);
    }
    const nike = (await list('brands?q=nike')).json<AttributePage>().items.find((b) => b.code === 'nike');
    expect(nike).toMatchObject({ name: 'Nike', vintedBrandId: 53, ebayBrandName: 'Nike' });
    expect(nike).not.toHaveProperty('searchName');
    const tags = (await list('conditions?q=with tags')).json<AttributePage>().items[0];
    expect(tags).toMatchObject({
      code: 'new_with_tags',
      vintedStatusId: 6,
      ebayCondition: 'NEW',
      ebayConditionId: 1000,
    });
  });

  it('searches names ignoring accents and case, in English and French', async () => {
    const codes = async (path: string) => (await list(path)).json<AttributePage>().items.map((i) => i.code);
    expect(await codes('colors?q=CREME')).toContain('cream'); // "Crème"
    expect(await codes('colors?q=crème')).toContain('cream');
    expect(await codes('seasons?q=ete')).toEqual(['summer']); // "Été"
    expect(await codes('brands?q=KOOKAI')).toContain('kookai'); // "Kookaï"
    expect(await codes('brands?q=%25')).toEqual([]); // a LIKE wildcard is searched for literally
  });

  it('pages with total, page and limit; limit over 100 is 400', async () => {
    const page2 = (await list('brands?page=2&limit=10')).json<AttributePage>();
    expect(page2).toMatchObject({ total: 300, page: 2, limit: 10 });
    expect(page2.items).toHaveLength(10);
    const page1 = (await list('brands?page=1&limit=10')).json<AttributePage>();
    expect(page1.items.map((i) => i.id)).not.toContain(page2.items[0].id);
    expect((await list('brands?limit=101')).statusCode).toBe(400);
  });

  it('gives categories their parentId and filters them by parent', async () => {
    const [women] = await sql(app).execute<{ id: number }[]>(
      "select id from product_attributes.categories where code = 'women'",
    );
    const roots = (await list('categories?q=women&limit=100')).json<AttributePage>().items;
    expect(roots.find((c) => c.code === 'women')).toMatchObject({ parentId: null, vintedCatalogId: 1904 });
    const children = (await list(`categories?parentId=${women.id}`)).json<AttributePage>();
    expect(children.total).toBeGreaterThan(0);
    expect(children.items.every((c) => c.parentId === women.id)).toBe(true);
    expect(children.items.map((c) => c.code)).toContain('women_clothing');
    const wrong = await list(`brands?parentId=${women.id}`);
    expect(wrong.statusCode).toBe(400);
  });

  it('lets a dashboard walk the category tree: roots, paths, leaves and where each can be listed', async () => {
    const roots = (await list('categories?root=true')).json<AttributePage>();
    expect(roots.items.map((c) => c.code).sort()).toEqual(['kids', 'men', 'women']);
    expect(roots.items.every((c) => c.root === true && c.isLeaf === false && c.parentId === null)).toBe(true);
    expect(roots.items.find((c) => c.code === 'women')).toMatchObject({ path: ['Women'] });

    const dresses = (await list('categories?q=dresses&limit=100')).json<AttributePage>().items;
    const parent = dresses.find((c) => c.code === 'women_dresses')!;
    expect(parent).toMatchObject({ isLeaf: false, root: false, listable: { vinted: false } });
    const mini = (await list(`categories?parentId=${parent.id}&limit=100`)).json<AttributePage>().items;
    const leaf = mini.find((c) => c.code === 'women_dresses_mini')!;
    expect(leaf).toMatchObject({ isLeaf: true, listable: { vinted: true } });
    expect((leaf.path as string[]).slice(0, 1)).toEqual(['Women']);
    expect((leaf.path as string[]).at(-1)).toBe(leaf.name);
    expect(leaf.path as string[]).toContain(parent.name);

    const polos = (await list('categories?q=polo&limit=100')).json<AttributePage>().items;
    expect(polos.find((c) => c.code === 'men_polos')).toMatchObject({ vintedCatalogId: 5492 });
    expect((await list('brands?root=true')).statusCode).toBe(400);
  });

  it("filters sizes by the category's size group, so only sizes that fit are offered", async () => {
    const id = async (code: string) =>
      (
        await sql(app).execute<{ id: number }[]>('select id from product_attributes.categories where code = ?', [code])
      )[0].id;
    const codes = async (code: string) =>
      (await list(`sizes?categoryId=${await id(code)}&limit=100`)).json<AttributePage>().items.map((s) => s.code);

    const girls = await codes('girls_skirts');
    expect(girls).toEqual(expect.arrayContaining(['m', 'xs']));
    expect(girls.some((c) => c.startsWith('shoe_'))).toBe(false);
    const trainers = await codes('men_trainers');
    expect(trainers.length).toBeGreaterThan(0);
    expect(trainers.every((c) => c.startsWith('shoe_'))).toBe(true);
    const belts = await codes('men_belts');
    expect(belts).toContain('belt_75');
    expect(belts).not.toContain('m');

    const unknown = await list('sizes?categoryId=999999');
    expect(unknown.statusCode).toBe(404);
    expect((await list('brands?categoryId=1')).statusCode).toBe(400);
  });

  it('answers 404 for an unknown type and 401 without a token', async () => {
    const res = await list('planets');
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorBody>().error.code).toBe('NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: '/api/attributes/brands' })).statusCode).toBe(401);
  });
});
