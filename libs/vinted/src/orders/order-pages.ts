import type { VintedWebClient, VintedCall } from '../vinted-web/vinted-web.client';

const PREFIX = 'orders-page:';

/** The step name of a page of a sync's pass over the sales: it carries the sync and the page, nothing else needed. */
export function orderPageStep(syncId: string, page: number): string {
  return `${PREFIX}${syncId}:${page}`;
}

export function parseOrderPageStep(step: string | null): { syncId: string; page: number } | undefined {
  if (!step?.startsWith(PREFIX)) return undefined;
  const [syncId, page] = step.slice(PREFIX.length).split(':');
  const n = Number(page);
  return syncId && Number.isSafeInteger(n) && n > 0 ? { syncId, page: n } : undefined;
}

export function orderPageCall(web: VintedWebClient, page: number): VintedCall {
  return web.myOrders('all', page);
}
