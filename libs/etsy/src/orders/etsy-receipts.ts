import type { OrderLine, OrderStatus } from '@stoflow/publishing';

interface Money {
  amount: number;
  divisor: number;
  currency_code?: string;
}

export interface EtsyReceipt {
  receipt_id: number;
  status?: string;
  is_shipped?: boolean;
  create_timestamp?: number;
  updated_timestamp?: number;
  grandtotal?: Money;
  transactions?: {
    transaction_id: number;
    listing_id?: number;
    sku?: string;
    quantity?: number;
    price?: Money;
    title?: string;
  }[];
}

export function receiptStatus(receipt: EtsyReceipt): OrderStatus {
  const status = (receipt.status ?? '').toLowerCase();
  if (status === 'canceled' || status === 'cancelled') return 'cancelled';
  if (status === 'completed') return 'completed';
  if (receipt.is_shipped) return 'shipped';
  return 'paid';
}

/**
 * One order line per (receipt, transaction). The product is found by our SKU, else by the listing id. No buyer
 * name is kept: Etsy's receipt carries the recipient's full name, not a display name.
 */
export function receiptLines(
  receipt: EtsyReceipt,
  bySku: Map<string, string>,
  byListing: Map<number, string>,
): OrderLine[] {
  const status = receiptStatus(receipt);
  const soldAt = new Date((receipt.create_timestamp ?? Math.floor(Date.now() / 1000)) * 1000);
  return (receipt.transactions ?? []).map((t) => {
    const quantity = Math.max(1, t.quantity ?? 1);
    const price = t.price ?? receipt.grandtotal ?? { amount: 0, divisor: 100 };
    return {
      marketplace: 'etsy',
      externalId: String(receipt.receipt_id),
      lineId: String(t.transaction_id),
      productId: (t.sku && bySku.get(t.sku)) || (t.listing_id && byListing.get(t.listing_id)) || null,
      sku: t.sku || null,
      title: t.title ?? null,
      quantity,
      total: ((price.amount / price.divisor) * quantity).toFixed(2),
      currency: price.currency_code ?? 'USD',
      buyer: null,
      status,
      soldAt,
    };
  });
}
