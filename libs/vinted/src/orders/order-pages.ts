import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { PluginTaskQueue } from '../plugin/tasks/plugin-task-queue';
import type { VintedWebClient, VintedCall } from '../vinted-web/vinted-web.client';
import type { OrderSyncsRepository, OrderSyncView } from './order-syncs.repository';

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

const DETAIL_PREFIX = 'orders-detail:';

/** The step name of one sale read in detail during a pass. */
export function orderDetailStep(syncId: string, transactionId: string): string {
  return `${DETAIL_PREFIX}${syncId}:${transactionId}`;
}

export function parseOrderDetailStep(step: string | null): { syncId: string; transactionId: string } | undefined {
  if (!step?.startsWith(DETAIL_PREFIX)) return undefined;
  const [syncId, transactionId] = step.slice(DETAIL_PREFIX.length).split(':');
  return syncId && /^\d{1,20}$/.test(transactionId ?? '') ? { syncId, transactionId } : undefined;
}

export function orderPageCall(web: VintedWebClient, page: number): VintedCall {
  return web.myOrders('all', page);
}

/** A new pass over the account's sales: its row, and the task that reads page 1, in the caller's transaction. */
export async function startOrderPass(
  em: EntityManager,
  userId: number,
  syncs: OrderSyncsRepository,
  queue: PluginTaskQueue,
  web: VintedWebClient,
  later: (work: () => Promise<unknown>) => void,
): Promise<OrderSyncView> {
  const sync = await syncs.start(em, randomUUID());
  const call = orderPageCall(web, 1);
  await queue.enqueue(
    em,
    userId,
    { step: orderPageStep(sync.id, 1), method: call.method, url: call.url, timeoutMs: call.timeoutMs },
    { later },
  );
  return sync;
}
