import { MikroORM } from '@mikro-orm/postgresql';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Migration20261125000310_product_attributes_seed } from '../../migrations/shared/Migration20261125000310_product_attributes_seed';
import { startApi } from '../helpers/apps';
import { sql } from '../helpers/tenants';

describe('reference data seeds', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi();
  });
  afterAll(() => app.close());

  const snapshot = async () =>
    sql(app).execute<{ code: string; id: number; name: string; parent_id: number | null }[]>(
      `select 'brands' as t, code, id, name, null::int as parent_id from product_attributes.brands
       union all select 'categories', code, id, name, parent_id from product_attributes.categories order by 1, 2`,
    );

  it('are idempotent: running the seed again restores edited rows by code, adds no rows and keeps ids', async () => {
    const before = await snapshot();
    const orm = app.get<MikroORM>(MikroORM);
    await sql(app).transactional(async (em) => {
      await em.execute(
        "update product_attributes.brands set name = 'tampered', vinted_brand_id = null where code = 'nike'",
      );
      await em.execute("update product_attributes.categories set parent_id = null where code = 'women_jeans'");
      const seed = new Migration20261125000310_product_attributes_seed(orm.em.getDriver(), orm.config);
      await seed.up();
      for (const query of seed.getQueries()) await em.execute(String(query));
    });
    expect(await snapshot()).toEqual(before);
    const [nike] = await sql(app).execute(
      "select name, vinted_brand_id from product_attributes.brands where code = 'nike'",
    );
    expect(nike).toEqual({ name: 'Nike', vinted_brand_id: 53 });
  });
});
