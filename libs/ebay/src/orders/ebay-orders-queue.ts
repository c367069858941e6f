export const EBAY_ORDERS_QUEUE = 'ebay-orders';
export const SYNC_SELLER = 'pass';

export interface OrdersPayload {
  userId: number;
}
