import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GetPublishabilityQuery, RecordSaleCommand, SaleRecorded } from '@stoflow/catalog';
import { TenantContext } from '@stoflow/core';
import { startApi } from '../helpers/apps';
import { sql } from '../helpers/tenants';
import { getProduct, newProduct, patchProduct, ProductBody, seller, Seller } from './catalog-helpers';

describe('stock: RecordSale, sold status, publishability', () => {
  let app: NestFastifyApplication;
  let user: Seller;
  beforeAll(async () => {
    app = await startApi();
    user = await seller(app);
  });
  afterAll(() => app.close());

  /** What a marketplace module does: dispatch in the seller's tenant context. */
  const asSeller = <T>(work: () => Promise<T>) => app.get(TenantContext).run(user.id, work);
  const sell = (id: string, quantity = 1) =>
    asSeller(() => app.get(CommandBus).execute(new RecordSaleCommand(id, quantity)));
  const publishability = (id: string) => asSeller(() => app.get(QueryBus).execute(new GetPublishabilityQuery(id)));
  const activeProduct = async (stockQuantity: number) => {
    const product = await newProduct(app, user, { stockQuantity });
    expect((await patchProduct(app, user, product.id, { status: 'active' })).statusCode).toBe(200);
    return product;
  };
  const events = (id: string) =>
    sql(app).execute<{ type: string; payload: Record<string, unknown> }[]>(
      'select type, payload from public.outbox_events where aggregate_id = ? order by id',
      [id],
    );

  it('decrements stock; the last unit makes the product sold and puts ProductSoldEvent in the outbox', async () => {
    const product = await activeProduct(2);
    await expect(sell(product.id)).resolves.toEqual({
      productId: product.id,
      stockQuantity: 1,
      status: 'active',
      soldOut: false,
    });
    expect((await events(product.id)).map((e) => e.type)).not.toContain('catalog.product-sold');
    await expect(sell(product.id)).resolves.toEqual({
      productId: product.id,
      stockQuantity: 0,
      status: 'sold',
      soldOut: true,
    });
    expect((await getProduct(app, user, product.id)).json<ProductBody>()).toMatchObject({
      stockQuantity: 0,
      status: 'sold',
      version: 4,
    });
    const sold = (await events(product.id)).filter((e) => e.type === 'catalog.product-sold');
    expect(sold).toHaveLength(1);
    expect(sold[0].payload).toMatchObject({ productId: product.id, sku: product.sku, quantity: 1, tenantId: user.id });
  });

  it('never oversells: two concurrent sales of the last unit, one succeeds and the other is 409', async () => {
    for (let round = 0; round < 5; round += 1) {
      const product = await activeProduct(1);
      const results = await Promise.allSettled([sell(product.id), sell(product.id)]);
      const ok = results.filter((r): r is PromiseFulfilledResult<SaleRecorded> => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0].reason).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect((await getProduct(app, user, product.id)).json<ProductBody>()).toMatchObject({
        stockQuantity: 0,
        status: 'sold',
      });
      expect((await events(product.id)).filter((e) => e.type === 'catalog.product-sold')).toHaveLength(1);
    }
  });

  it('refuses a sale beyond the stock, of a draft, and of an unknown product', async () => {
    const product = await activeProduct(2);
    await expect(sell(product.id, 3)).rejects.toMatchObject({ status: 409 });
    expect((await getProduct(app, user, product.id)).json<ProductBody>().stockQuantity).toBe(2);
    const draft = await newProduct(app, user);
    await expect(sell(draft.id)).rejects.toMatchObject({ status: 409 });
    await expect(sell('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
  });

  it('answers publishability: stock 0 is 422 PRODUCT_OUT_OF_STOCK, sold/archived 422, otherwise the product', async () => {
    const product = await activeProduct(3);
    await expect(publishability(product.id)).resolves.toMatchObject({
      productId: product.id,
      sku: product.sku,
      stockQuantity: 3,
    });
    await patchProduct(app, user, product.id, { stockQuantity: 0 });
    await expect(publishability(product.id)).rejects.toMatchObject({ status: 422, code: 'PRODUCT_OUT_OF_STOCK' });
    const archived = await activeProduct(1);
    await patchProduct(app, user, archived.id, { status: 'archived' });
    await expect(publishability(archived.id)).rejects.toMatchObject({ status: 422, code: 'PRODUCT_NOT_PUBLISHABLE' });
    await expect(publishability('nope')).rejects.toMatchObject({ status: 404 });
  });
});
