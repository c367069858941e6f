import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface MessageSyncView {
  id: string;
  status: 'running' | 'completed' | 'failed';
  pagesRead: number;
  /** Conversations of the inbox updated since they were last read. */
  conversationsChanged: number;
  /** Of those, the ones read so far. */
  conversationsRead: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** A conversation the pass has still to read, with what the inbox said of it. */
export interface PendingConversation {
  conversationId: string;
  unreadCount: number | null;
}

interface SyncRow {
  id: string;
  status: MessageSyncView['status'];
  pages_read: number;
  conversations_changed: number;
  conversations_read: number;
  pending: PendingConversation[];
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/** The tenant's `vinted_message_syncs`: passes over the Vinted inbox. */
@Injectable()
export class MessageSyncsRepository {
  /** The running pass started within `freshMs`, if any (an older one that never ended is not waited for). */
  async running(em: EntityManager, freshMs: number): Promise<MessageSyncView | undefined> {
    const [row] = await em.execute<SyncRow[]>(
      `select * from vinted_message_syncs where status = 'running' and started_at > now() - ? * interval '1 millisecond'
        order by started_at desc limit 1`,
      [freshMs],
    );
    return row && toView(row);
  }

  async start(em: EntityManager, id: string): Promise<MessageSyncView> {
    const [row] = await em.execute<SyncRow[]>('insert into vinted_message_syncs (id) values (?) returning *', [id]);
    return toView(row);
  }

  /** The pass, locked, while it is running. */
  async lockRunning(
    em: EntityManager,
    id: string,
  ): Promise<(MessageSyncView & { pending: PendingConversation[] }) | undefined> {
    const [row] = await em.execute<SyncRow[]>(
      "select * from vinted_message_syncs where id = ? and status = 'running' for update",
      [id],
    );
    return row && { ...toView(row), pending: row.pending };
  }

  /** A page of the inbox was read: the conversations it found changed join those still to read. */
  async pageRead(em: EntityManager, id: string, changed: PendingConversation[]): Promise<void> {
    await em.execute(
      `update vinted_message_syncs
          set pages_read = pages_read + 1, conversations_changed = conversations_changed + ?,
              pending = pending || ?::jsonb
        where id = ?`,
      [changed.length, JSON.stringify(changed), id],
      'run',
    );
  }

  /** The conversation is done with (read, or gone from Vinted): off the list. */
  async conversationDone(em: EntityManager, id: string, conversationId: string, read: boolean): Promise<void> {
    await em.execute(
      `update vinted_message_syncs
          set conversations_read = conversations_read + ?,
              pending = coalesce((select jsonb_agg(p) from jsonb_array_elements(pending) p
                                   where p ->> 'conversationId' <> ?), '[]'::jsonb)
        where id = ?`,
      [read ? 1 : 0, conversationId, id],
      'run',
    );
  }

  async end(em: EntityManager, id: string, error: string | null = null): Promise<void> {
    await em.execute(
      `update vinted_message_syncs set status = ?, error = ?, finished_at = now() where id = ? and status = 'running'`,
      [error ? 'failed' : 'completed', error, id],
      'run',
    );
  }

  async byId(em: EntityManager, id: string): Promise<MessageSyncView | undefined> {
    const [row] = await em.execute<SyncRow[]>('select * from vinted_message_syncs where id = ?', [id]);
    return row && toView(row);
  }
}

function toView(row: SyncRow): MessageSyncView {
  return {
    id: row.id,
    status: row.status,
    pagesRead: row.pages_read,
    conversationsChanged: row.conversations_changed,
    conversationsRead: row.conversations_read,
    error: row.error,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
