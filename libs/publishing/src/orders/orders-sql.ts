import type { OrdersFilter } from './list-orders/list-orders.query';

/** The `where` of a filter over `orders`, with its parameters (one place for the list and the summary). */
export function ordersWhere(filter: OrdersFilter): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    conditions.push(condition);
    params.push(value);
  };
  if (filter.marketplace) add('marketplace = ?', filter.marketplace);
  if (filter.status) add('status = ?', filter.status);
  if (filter.productId) add('product_id = ?', filter.productId);
  if (filter.stockOutcome) add('stock_outcome = ?', filter.stockOutcome);
  if (filter.from) add('sold_at >= ?', filter.from);
  if (filter.to) add('sold_at < ?', filter.to);
  return { where: conditions.length ? `where ${conditions.join(' and ')}` : '', params };
}
