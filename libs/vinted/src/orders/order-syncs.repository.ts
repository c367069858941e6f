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

  async end(em: EntityManager, id: string, error: string | null = null): Promise<void> {
    await em.execute(
      `update vinted_order_syncs set status = ?, error = ?, finished_at = now() where id = ? and status = 'running'`,
      [error ? 'failed' : 'completed', error, id],
      'run',
    );
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
