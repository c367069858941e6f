import { orderLines, orderStatus } from './ebay-order-lines';
import { activeIntervalMs, FASTEST_MS } from './order-sync-schedule';

describe('eBay orders', () => {
  it('keeps one line per (order, line item), finding our products by SKU', () => {
    const lines = orderLines(
      {
        orderId: '12-34',
        creationDate: '2026-12-01T10:00:00.000Z',
        buyer: { username: 'buyer1' },
        lineItems: [
          { lineItemId: 'L1', sku: 'SFAFR', quantity: 2, total: { value: '20', currency: 'EUR' } },
          { lineItemId: 'L2', sku: 'OTHER', lineItemCost: { value: '5.5', currency: 'EUR' } },
        ],
      },
      new Map([['SFAFR', 'product-a']]),
    );
    expect(lines.map((l) => [l.externalId, l.lineId, l.productId, l.quantity, l.total, l.buyer])).toEqual([
      ['12-34', 'L1', 'product-a', 2, '20.00', 'buyer1'],
      ['12-34', 'L2', null, 1, '5.50', 'buyer1'],
    ]);
  });

  it("maps eBay's states: a cancellation or a refund wins over shipping", () => {
    expect(orderStatus({ orderId: 'a', orderFulfillmentStatus: 'FULFILLED' })).toBe('shipped');
    expect(
      orderStatus({ orderId: 'a', orderFulfillmentStatus: 'FULFILLED', cancelStatus: { cancelState: 'CANCELED' } }),
    ).toBe('cancelled');
    expect(orderStatus({ orderId: 'a', orderPaymentStatus: 'FULLY_REFUNDED' })).toBe('refunded');
    expect(orderStatus({ orderId: 'a', orderPaymentStatus: 'PAID' })).toBe('paid');
  });

  it('spreads 80% of 100,000 Fulfillment calls a day over the sellers, never faster than every 5 minutes', () => {
    expect(activeIntervalMs(1)).toBe(FASTEST_MS);
    expect(activeIntervalMs(277)).toBe(FASTEST_MS);
    // 1,000 sellers: 80,000 calls a day is one pass each every 18 minutes.
    expect(activeIntervalMs(1000)).toBe(1_080_000);
  });
});
