import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface OrderSyncView {
  id: string;
  status: 'running' | 'completed' | 'failed';
  pagesRead: number;
  ordersSeen: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

interface SyncRow {
  id: string;
  status: OrderSyncView['status'];
  pages_read: number;
  orders_seen: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/** The tenant's `vinted_order_syncs`. */
@Injectable()
export class OrderSyncsRepository {
  /** The running pass started within `freshMs`, if any (an older one that never ended is not waited for). */
  async running(em: EntityManager, freshMs: number): Promise<OrderSyncView | undefined> {
    const [row] = await em.execute<SyncRow[]>(
      `select * from vinted_order_syncs where status = 'running' and started_at > now() - ? * interval '1 millisecond'
        order by started_at desc limit 1`,
      [freshMs],
    );
    return row && toView(row);
  }

  /** A request that found `id` running: one more pass follows it (its pages may predate the sale announced). */
  async again(em: EntityManager, id: string): Promise<void> {
    await em.execute('update vinted_order_syncs set again = true where id = ?', [id], 'run');
  }

  async start(em: EntityManager, id: string): Promise<OrderSyncView> {
    const [row] = await em.execute<SyncRow[]>('insert into vinted_order_syncs (id) values (?) returning *', [id]);
    return toView(row);
  }

  async pageRead(em: EntityManager, id: string, orders: number): Promise<void> {
    await em.execute(
      `update vinted_order_syncs set pages_read = pages_read + 1, orders_seen = orders_seen + ? where id = ?`,
      [orders, id],
      'run',
    );
  }

  /** The page's new sales, to read in detail one by one before the pass goes on to `nextPage` (null: the end). */
  async awaitDetails(em: EntityManager, id: string, transactionIds: string[], nextPage: number | null): Promise<void> {
    await em.execute(
      'update vinted_order_syncs set pending_details = ?::text[], next_page = ? where id = ?',
      [toTextArray(transactionIds), nextPage, id],
      'run',
    );
  }

  /** A sale read in detail: answers the sales still to read and where the pass goes next. */
  async detailRead(
    em: EntityManager,
    id: string,
    transactionId: string,
  ): Promise<{ pending: string[]; nextPage: number | null }> {
    const [row] = await em.execute<{ pending_details: string[]; next_page: number | null }[]>(
      `update vinted_order_syncs set pending_details = array_remove(pending_details, ?) where id = ?
        returning pending_details, next_page`,
      [transactionId, id],
    );
    return { pending: row?.pending_details ?? [], nextPage: row?.next_page ?? null };
  }

  /** Ends the pass; answers whether a request asked for another one while it ran. */
  async end(em: EntityManager, id: string, error: string | null = null): Promise<boolean> {
    const rows = await em.execute<{ again: boolean }[]>(
      `update vinted_order_syncs set status = ?, error = ?, finished_at = now() where id = ? and status = 'running'
        returning again`,
      [error ? 'failed' : 'completed', error, id],
    );
    return rows[0]?.again ?? false;
  }

  async byId(em: EntityManager, id: string): Promise<OrderSyncView | undefined> {
    const [row] = await em.execute<SyncRow[]>('select * from vinted_order_syncs where id = ?', [id]);
    return row && toView(row);
  }
}

function toView(row: SyncRow): OrderSyncView {
  return {
    id: row.id,
    status: row.status,
    pagesRead: row.pages_read,
    ordersSeen: row.orders_seen,
    error: row.error,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** A PostgreSQL text[] literal of ids made of digits (Vinted's transaction ids). */
function toTextArray(ids: string[]): string {
  if (ids.some((id) => !/^\d{1,20}$/.test(id))) throw new Error('a Vinted transaction id is made of digits');
  return `{${ids.join(',')}}`;
}
