import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GetPublishabilityQuery, RecordSaleCommand } from '@stoflow/catalog';
import { TenantContext } from '@stoflow/core';
import { startApi } from '../helpers/apps';
import { getProduct, newProduct, patchProduct, ProductBody, seller, Seller } from './catalog-helpers';

describe("cross-tenant: Bob never sees nor changes Alice's products", () => {
  let app: NestFastifyApplication;
  let alice: Seller;
  let bob: Seller;
  beforeAll(async () => {
    app = await startApi();
    alice = await seller(app);
    bob = await seller(app);
  });
  afterAll(() => app.close());

  it('answers Bob 404 on every product endpoint and command, and leaves Alice’s product unchanged', async () => {
    const product = await newProduct(app, alice, { sku: 'ALICE-1', stockQuantity: 1 });
    await patchProduct(app, alice, product.id, { status: 'active' });
    const before = (await getProduct(app, alice, product.id)).json<ProductBody>();

    expect((await getProduct(app, bob, product.id)).statusCode).toBe(404);
    expect((await patchProduct(app, bob, product.id, { title: 'mine now' })).statusCode).toBe(404);
    expect((await patchProduct(app, bob, product.id, { title: 'mine now' }, `"${before.version}"`)).statusCode).toBe(
      404,
    );
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/products/${product.id}`, headers: bob.headers })).statusCode,
    ).toBe(404);
    const bobsList = (await app.inject({ method: 'GET', url: '/api/products?q=ALICE', headers: bob.headers })).json<{
      items: unknown[];
      total: number;
    }>();
    expect(bobsList).toMatchObject({ items: [], total: 0 });
    const asBob = <T>(work: () => Promise<T>) => app.get(TenantContext).run(bob.id, work);
    await expect(
      asBob(() =>
        app.get(CommandBus).execute(new RecordSaleCommand(product.id, { marketplace: 'ebay', orderId: 'bob-1' })),
      ),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(asBob(() => app.get(QueryBus).execute(new GetPublishabilityQuery(product.id)))).rejects.toMatchObject({
      status: 404,
    });
    // Bob may reuse Alice's sku: skus are unique per tenant.
    expect((await newProduct(app, bob, { sku: 'ALICE-1' })).sku).toBe('ALICE-1');

    expect((await getProduct(app, alice, product.id)).json()).toEqual(before);
  });
});
