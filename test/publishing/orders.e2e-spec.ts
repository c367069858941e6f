import { CommandBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TenantContext } from '@stoflow/core';
import { OrderLine, OrderView, RecordOrderCommand } from '@stoflow/publishing';
import { getProduct, newProduct, patchProduct, ProductBody, seller, Seller } from '../catalog/catalog-helpers';
import { startApi } from '../helpers/apps';

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

let orderSeq = 0;

/**
 * Orders from every marketplace through `RecordOrderCommand` (what each marketplace's order sync calls): one row
 * per line however often it is seen, the stock taken once, oversold lines alerted, cancellations given back once,
 * and the list, detail and summary of `GET /api/orders`, each for the tenant alone.
 */
describe('Publishing: orders and alerts', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi();
  });
  afterAll(() => app.close());

  const line = (over: Partial<OrderLine> = {}): OrderLine => {
    orderSeq += 1;
    return {
      marketplace: 'ebay',
      externalId: `order-${orderSeq}`,
      lineId: '1',
      title: 'Sold item',
      quantity: 1,
      total: '25.00',
      currency: 'EUR',
      buyer: 'Jane D.',
      status: 'paid',
      soldAt: new Date(),
      ...over,
    };
  };
  const record = (who: Seller, order: OrderLine): Promise<OrderView> =>
    app.get(TenantContext).run(who.id, () => app.get(CommandBus).execute(new RecordOrderCommand(order)));
  const activeProduct = async (who: Seller, stockQuantity: number): Promise<ProductBody> => {
    const product = await newProduct(app, who, { stockQuantity });
    expect((await patchProduct(app, who, product.id, { status: 'active' })).statusCode).toBe(200);
    return product;
  };
  const stockOf = async (who: Seller, id: string) =>
    (await getProduct(app, who, id)).json<{ stockQuantity: number; status: string }>();
  const get = (who: Seller, url: string) => app.inject({ method: 'GET', url, headers: who.headers });

  it('records a line once however often it is seen, even at the same time, and takes the stock once', async () => {
    const who = await seller(app);
    const product = await activeProduct(who, 3);
    const sold = line({ sku: product.sku, quantity: 2, total: '40' });
    const answers = await Promise.all([record(who, sold), record(who, sold), record(who, sold)]);
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(answers[0]).toMatchObject({ productId: product.id, stockOutcome: 'recorded', total: '40.00', quantity: 2 });
    expect(await record(who, sold)).toMatchObject({ id: answers[0].id });
    expect(await stockOf(who, product.id)).toMatchObject({ stockQuantity: 1, status: 'active' });
    expect((await get(who, '/api/orders')).json<Page<OrderView>>().total).toBe(1);
  });

  it('keeps and shows an order of a product StoFlow does not know', async () => {
    const who = await seller(app);
    const unknown = await record(who, line({ sku: 'NOT-OURS-1', marketplace: 'etsy' }));
    expect(unknown).toMatchObject({ productId: null, stockOutcome: 'unmatched', sku: 'NOT-OURS-1' });
    const listed = (await get(who, '/api/orders?stockOutcome=unmatched')).json<Page<OrderView>>();
    expect(listed.items.map((o) => o.id)).toEqual([unknown.id]);
  });

  it('marks the second of two last-unit sales oversold, alerts the seller, and the alert can be dismissed', async () => {
    const who = await seller(app);
    const product = await activeProduct(who, 1);
    const [onEbay, onEtsy] = await Promise.all([
      record(who, line({ productId: product.id, marketplace: 'ebay' })),
      record(who, line({ productId: product.id, marketplace: 'etsy' })),
    ]);
    expect([onEbay.stockOutcome, onEtsy.stockOutcome].sort()).toEqual(['oversold', 'recorded']);
    expect(await stockOf(who, product.id)).toMatchObject({ stockQuantity: 0, status: 'sold' });
    const oversold = [onEbay, onEtsy].find((o) => o.stockOutcome === 'oversold')!;

    const alerts = (await get(who, '/api/alerts')).json<Page<{ id: string; kind: string; details: object }>>();
    expect(alerts.items).toEqual([
      expect.objectContaining({ kind: 'oversold', details: expect.objectContaining({ orderId: oversold.id }) }),
    ]);
    // Seen again, the oversold line raises nothing new.
    await record(who, { ...line(), ...oversold, soldAt: new Date(oversold.soldAt) } as OrderLine);
    expect((await get(who, '/api/alerts')).json<Page<unknown>>().total).toBe(1);

    const dismiss = (id: string, as = who) =>
      app.inject({ method: 'POST', url: `/api/alerts/${id}/dismiss`, headers: as.headers });
    const other = await seller(app);
    expect((await dismiss(alerts.items[0].id, other)).statusCode).toBe(404);
    expect((await dismiss(alerts.items[0].id)).statusCode).toBe(204);
    expect((await dismiss(alerts.items[0].id)).statusCode).toBe(204);
    expect((await get(who, '/api/alerts')).json<Page<unknown>>().total).toBe(0);
  });

  it('gives a cancelled sale back to the stock once, and the sold-out product is for sale again', async () => {
    const who = await seller(app);
    const product = await activeProduct(who, 1);
    const sold = line({ productId: product.id, marketplace: 'vinted' });
    await record(who, sold);
    expect(await stockOf(who, product.id)).toMatchObject({ stockQuantity: 0, status: 'sold' });
    const cancelled = await record(who, { ...sold, status: 'cancelled' });
    expect(cancelled).toMatchObject({ status: 'cancelled', stockOutcome: 'recorded', stockReturned: true });
    await Promise.all([record(who, { ...sold, status: 'cancelled' }), record(who, { ...sold, status: 'refunded' })]);
    expect(await stockOf(who, product.id)).toMatchObject({ stockQuantity: 1, status: 'active' });
    // First seen already cancelled: nothing is taken from the stock.
    await record(who, line({ productId: product.id, status: 'cancelled' }));
    expect(await stockOf(who, product.id)).toMatchObject({ stockQuantity: 1 });
  });

  it('keeps relistOnCancel off unless the seller turns it on, for their own products only', async () => {
    const who = await seller(app);
    const other = await seller(app);
    const product = await activeProduct(who, 1);
    expect((await getProduct(app, who, product.id)).json()).toMatchObject({ relistOnCancel: false });

    const refused = await patchProduct(app, who, product.id, { relistOnCancel: 'yes' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'relistOnCancel' })] },
    });
    expect((await patchProduct(app, other, product.id, { relistOnCancel: true })).statusCode).toBe(404);
    expect((await getProduct(app, who, product.id)).json()).toMatchObject({ relistOnCancel: false });

    const turnedOn = await patchProduct(app, who, product.id, { relistOnCancel: true });
    expect(turnedOn.json()).toMatchObject({ relistOnCancel: true });
    expect((await getProduct(app, other, product.id)).statusCode).toBe(404);

    // Never listed anywhere, never withdrawn: the cancellation gives the unit back and asks no marketplace for more.
    const sold = line({ productId: product.id, marketplace: 'ebay' });
    await record(who, sold);
    await record(who, { ...sold, status: 'cancelled' });
    expect(await stockOf(who, product.id)).toMatchObject({ stockQuantity: 1, status: 'active' });
    expect((await get(who, `/api/jobs?productId=${product.id}`)).json<Page<unknown>>().total).toBe(0);

    const doc = (await app.inject({ method: 'GET', url: '/docs-json' })).json<{
      components: { schemas: Record<string, { properties: Record<string, { type?: string }> }> };
    }>();
    expect(doc.components.schemas.UpdateProductDto.properties.relistOnCancel.type).toBe('boolean');
    expect(doc.components.schemas.ProductDto.properties.relistOnCancel.type).toBe('boolean');
  });

  it('lists, filters and pages the orders of every marketplace, and sums them per marketplace and currency', async () => {
    const who = await seller(app);
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));
    await record(who, line({ marketplace: 'ebay', total: '10.50', soldAt: at(1) }));
    await record(who, line({ marketplace: 'ebay', total: '4.50', quantity: 2, soldAt: at(2), currency: 'GBP' }));
    await record(who, line({ marketplace: 'etsy', total: '30.00', soldAt: at(3) }));
    await record(who, line({ marketplace: 'etsy', total: '99.00', status: 'refunded', soldAt: at(4) }));

    const all = (await get(who, '/api/orders?limit=3')).json<Page<OrderView>>();
    expect(all).toMatchObject({ total: 4, page: 1, limit: 3 });
    expect(all.items.map((o) => o.soldAt)).toEqual([at(4), at(3), at(2)].map((d) => d.toISOString()));
    expect((await get(who, '/api/orders?limit=3&page=2')).json<Page<OrderView>>().items).toHaveLength(1);
    expect((await get(who, '/api/orders?page=5')).json<Page<OrderView>>()).toMatchObject({ total: 4, items: [] });
    expect((await get(who, '/api/orders?marketplace=etsy&status=refunded')).json<Page<OrderView>>().total).toBe(1);
    const window = `from=${at(2).toISOString()}&to=${at(4).toISOString()}`;
    expect((await get(who, `/api/orders?${window}`)).json<Page<OrderView>>().total).toBe(2);
    expect((await get(who, '/api/orders?status=lost')).statusCode).toBe(400);

    const summary = (await get(who, '/api/orders/summary')).json<{ marketplaces: object[] }>();
    expect(summary.marketplaces).toEqual([
      { marketplace: 'vinted', orders: 0, units: 0, revenue: [] },
      {
        marketplace: 'ebay',
        orders: 2,
        units: 3,
        revenue: [
          { currency: 'EUR', amount: '10.50' },
          { currency: 'GBP', amount: '4.50' },
        ],
      },
      { marketplace: 'etsy', orders: 1, units: 1, revenue: [{ currency: 'EUR', amount: '30.00' }] },
    ]);
    const early = (await get(who, `/api/orders/summary?to=${at(2).toISOString()}`)).json<{
      marketplaces: { orders: number }[];
    }>();
    expect(early.marketplaces.map((m) => m.orders)).toEqual([0, 1, 0]);
  });

  it("never shows one seller another seller's orders", async () => {
    const [alice, bob] = [await seller(app), await seller(app)];
    const order = await record(alice, line({ total: '12.00' }));
    expect((await get(alice, `/api/orders/${order.id}`)).json()).toMatchObject({ id: order.id, total: '12.00' });
    expect((await get(bob, `/api/orders/${order.id}`)).statusCode).toBe(404);
    expect((await get(bob, '/api/orders/not-an-id')).statusCode).toBe(404);
    expect((await get(bob, '/api/orders')).json<Page<OrderView>>().total).toBe(0);
    const summary = (await get(bob, '/api/orders/summary')).json<{ marketplaces: { orders: number }[] }>();
    expect(summary.marketplaces.every((m) => m.orders === 0)).toBe(true);
  });

  it('refuses a malformed order line with every problem named', async () => {
    const who = await seller(app);
    await expect(
      record(who, line({ quantity: 0, total: '1.234', currency: 'eur', externalId: '' })),
    ).rejects.toMatchObject({
      status: 400,
      details: expect.arrayContaining([
        expect.objectContaining({ field: 'quantity' }),
        expect.objectContaining({ field: 'total' }),
        expect.objectContaining({ field: 'currency' }),
        expect.objectContaining({ field: 'externalId' }),
      ]),
    });
  });
});
