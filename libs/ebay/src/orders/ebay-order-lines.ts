import type { OrderLine, OrderStatus } from '@stoflow/publishing';

/** The fields of a Fulfillment `getOrders` order that StoFlow reads (EBAY.md). */
export interface EbayOrder {
  orderId: string;
  creationDate?: string;
  lastModifiedDate?: string;
  orderPaymentStatus?: string;
  orderFulfillmentStatus?: string;
  cancelStatus?: { cancelState?: string };
  buyer?: { username?: string };
  lineItems?: EbayLineItem[];
}

interface Money {
  value?: string;
  currency?: string;
}

interface EbayLineItem {
  lineItemId: string;
  sku?: string;
  title?: string;
  quantity?: number;
  legacyItemId?: string;
  lineItemCost?: Money;
  total?: Money;
}

/** eBay's order states in StoFlow's words: a cancellation or a full refund wins over how far shipping got. */
export function orderStatus(order: EbayOrder): OrderStatus {
  if (order.cancelStatus?.cancelState === 'CANCELED') return 'cancelled';
  if (order.orderPaymentStatus === 'FULLY_REFUNDED') return 'refunded';
  if (order.orderFulfillmentStatus === 'FULFILLED') return 'shipped';
  return 'paid';
}

/** One StoFlow order line per (orderId, lineItemId); the product is found from our SKU. */
export function orderLines(order: EbayOrder, productOfSku: Map<string, string>): OrderLine[] {
  const status = orderStatus(order);
  const soldAt = new Date(order.creationDate ?? order.lastModifiedDate ?? Date.now());
  return (order.lineItems ?? []).map((item) => {
    const money = item.total?.value ? item.total : (item.lineItemCost ?? {});
    return {
      marketplace: 'ebay',
      externalId: order.orderId,
      lineId: item.lineItemId,
      productId: item.sku ? (productOfSku.get(item.sku) ?? null) : null,
      sku: item.sku ?? null,
      title: item.title ?? null,
      quantity: Math.max(1, item.quantity ?? 1),
      total: decimal(money.value),
      currency: money.currency ?? 'USD',
      buyer: order.buyer?.username ?? null,
      status,
      soldAt,
    };
  });
}

function decimal(value: string | undefined): string {
  const n = Number(value ?? '0');
  return Number.isFinite(n) ? n.toFixed(2) : '0.00';
}
