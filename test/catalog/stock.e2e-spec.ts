import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GetPublishabilityQuery, RecordSaleCommand, SaleRecorded, SaleRef } from '@stoflow/catalog';
import { TenantContext } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
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
  /** A sale from a new marketplace order, unless `ref` names one already seen (a replayed order sync). */
  const sell = (id: string, quantity = 1, ref: SaleRef = { marketplace: 'ebay', orderId: randomUUID() }) =>
    asSeller(() => app.get(CommandBus).execute(new RecordSaleCommand(id, ref, quantity)));
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
    expect(sold[0].payload).toMatchObject({
      productId: product.id,
      sku: product.sku,
      quantity: 1,
      tenantId: user.id,
      soldOn: 'ebay',
      orderId: expect.any(String),
    });
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

  it('is idempotent per marketplace order: a replayed order sync neither decrements again nor raises events again', async () => {
    const product = await activeProduct(3);
    const order: SaleRef = { marketplace: 'etsy', orderId: `receipt-${randomUUID()}` };
    const first = await sell(product.id, 2, order);
    expect(first).toEqual({ productId: product.id, stockQuantity: 1, status: 'active', soldOut: false });
    const eventsAfterFirst = await events(product.id);
    // The same order again (a sync that runs twice, a retried job): the same answer, nothing else.
    await expect(sell(product.id, 2, order)).resolves.toEqual(first);
    await expect(sell(product.id, 2, { ...order })).resolves.toEqual(first);
    expect((await getProduct(app, user, product.id)).json<ProductBody>().stockQuantity).toBe(1);
    expect(await events(product.id)).toEqual(eventsAfterFirst);
    // The same order replayed with another quantity is a conflict, not a second sale.
    await expect(sell(product.id, 1, order)).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    // Another order (even with the same id on another marketplace) is another sale: it takes the last unit.
    const last = await sell(product.id, 1, { marketplace: 'vinted', orderId: order.orderId });
    expect(last).toEqual({ productId: product.id, stockQuantity: 0, status: 'sold', soldOut: true });
    const sold = (await events(product.id)).filter((e) => e.type === 'catalog.product-sold');
    expect(sold).toHaveLength(1);
    expect(sold[0].payload).toMatchObject({ soldOn: 'vinted', orderId: order.orderId });
    // Replays of the order that sold out answer what they answered, though the product is sold (or gone) now.
    const eventsWhenSold = await events(product.id);
    await expect(sell(product.id, 1, { marketplace: 'vinted', orderId: order.orderId })).resolves.toEqual(last);
    await expect(sell(product.id, 2, order)).resolves.toEqual(first);
    expect(await events(product.id)).toEqual(eventsWhenSold);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/products/${product.id}`, headers: user.headers })).statusCode,
    ).toBe(204);
    await expect(sell(product.id, 2, order)).resolves.toEqual(first);
    await expect(sell(product.id, 1)).rejects.toMatchObject({ status: 404 });
  });

  it('one order selling two products records a sale of each', async () => {
    const [a, b] = [await activeProduct(1), await activeProduct(2)];
    const order: SaleRef = { marketplace: 'ebay', orderId: `order-${randomUUID()}` };
    await expect(sell(a.id, 1, order)).resolves.toMatchObject({ soldOut: true });
    await expect(sell(b.id, 1, order)).resolves.toMatchObject({ stockQuantity: 1, soldOut: false });
    await expect(sell(b.id, 1, order)).resolves.toMatchObject({ stockQuantity: 1, soldOut: false });
    expect((await getProduct(app, user, b.id)).json<ProductBody>().stockQuantity).toBe(1);
  });

  it('two identical replays at the same time: both get the one answer, one decrement, one set of events', async () => {
    for (let round = 0; round < 5; round += 1) {
      // The first delivery of an order racing its replay (nothing recorded yet), on the last unit ...
      const product = await activeProduct(1);
      const order: SaleRef = { marketplace: 'vinted', orderId: `tx-${randomUUID()}` };
      const [a, b] = await Promise.all([sell(product.id, 1, order), sell(product.id, 1, order)]);
      expect(a).toEqual({ productId: product.id, stockQuantity: 0, status: 'sold', soldOut: true });
      expect(b).toEqual(a);
      const types = (await events(product.id)).map((e) => e.type);
      expect(types.filter((t) => t === 'catalog.product-sold')).toHaveLength(1);
      // ... then two replays of an order already recorded, at once.
      const more = await activeProduct(5);
      const recorded = await sell(more.id, 2, order);
      const before = await events(more.id);
      const replays = await Promise.all([sell(more.id, 2, order), sell(more.id, 2, order)]);
      expect(replays).toEqual([recorded, recorded]);
      expect((await getProduct(app, user, more.id)).json<ProductBody>().stockQuantity).toBe(3);
      expect(await events(more.id)).toEqual(before);
    }
  });

  it('a refused sale is not recorded (the order may be synced again once it can go through), and a sale needs its order', async () => {
    const product = await activeProduct(1);
    const order: SaleRef = { marketplace: 'ebay', orderId: `order-${randomUUID()}` };
    await expect(sell(product.id, 2, order)).rejects.toMatchObject({ status: 409 });
    await patchProduct(app, user, product.id, { stockQuantity: 2 });
    await expect(sell(product.id, 2, order)).resolves.toMatchObject({ stockQuantity: 0, soldOut: true });
    for (const ref of [
      { marketplace: 'amazon', orderId: '1' },
      { marketplace: 'ebay', orderId: '' },
      { marketplace: 'ebay', orderId: 'x'.repeat(201) },
      undefined,
    ]) {
      await expect(
        asSeller(() => app.get(CommandBus).execute(new RecordSaleCommand(product.id, ref as SaleRef))),
      ).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    }
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
