import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Page } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import type { VintedConversation } from '../vinted-web/vinted-web.client';

export type MessageKind = 'message' | 'offer';
export type MessageDirection = 'in' | 'out';
export type MessageStatus = 'pending' | 'sent' | 'failed';

export interface ConversationMessageView {
  id: string;
  kind: MessageKind;
  direction: MessageDirection;
  body: string;
  /** An offer's price, two decimals; null for a plain message. */
  price: string | null;
  currency: string | null;
  sentAt: string;
  /** `pending` while a reply written in StoFlow is on its way to Vinted; `failed` with `error` when it could not go. */
  status: MessageStatus;
  error: string | null;
}

export interface ConversationSummary {
  id: string;
  vintedId: string;
  itemId: string | null;
  /** The product StoFlow lists as the conversation's item, when it knows it. */
  productId: string | null;
  /** The other user's display name. */
  counterpart: string | null;
  unreadCount: number;
  lastMessage: { excerpt: string; kind: MessageKind; direction: MessageDirection; sentAt: string } | null;
  updatedAt: string;
}

export interface ConversationView extends ConversationSummary {
  /** Oldest first. */
  messages: ConversationMessageView[];
}

/** A reply written in StoFlow, as its task's outcome handler needs it. */
export interface ReplyRow {
  id: string;
  conversationId: string;
  vintedConversationId: string;
  body: string;
  status: MessageStatus;
  vintedMessageId: string | null;
  taskId: string | null;
  checks: number;
}

interface ConversationRow {
  id: string;
  vinted_id: string;
  item_id: string | null;
  product_id: string | null;
  counterpart: string | null;
  unread_count: number;
  updated_at: Date;
}

interface MessageRow {
  id: string;
  kind: MessageKind;
  direction: MessageDirection;
  body: string;
  price: string | null;
  currency: string | null;
  sent_at: Date;
  status: MessageStatus;
  error: string | null;
}

type LastMessageColumns = {
  m_kind: MessageKind | null;
  m_direction: MessageDirection | null;
  m_body: string | null;
  m_price: string | null;
  m_currency: string | null;
  m_sent_at: Date | null;
};

const EXCERPT = 100;

/** The tenant's `conversations` and `conversation_messages` (Vinted messages). */
@Injectable()
export class ConversationsRepository {
  /** Vinted's `updated_at` of each known conversation as of its last read (null: never read). */
  async readUpTo(em: EntityManager, vintedIds: string[]): Promise<Map<string, Date | null>> {
    if (vintedIds.length === 0) return new Map();
    const rows = await em.execute<{ vinted_id: string; vinted_updated_at: Date | null }[]>(
      `select vinted_id, vinted_updated_at from conversations where vinted_id in (${vintedIds.map(() => '?').join(', ')})`,
      vintedIds,
    );
    return new Map(rows.map((r) => [r.vinted_id, r.vinted_updated_at && new Date(r.vinted_updated_at)]));
  }

  /**
   * Stores a conversation as Vinted showed it: each of its messages once (by Vinted's id). A message of the seller
   * that a reply written in StoFlow is still waiting for (same text, trimmed; no Vinted id yet) becomes that reply,
   * sent.
   * Incoming messages not seen before add to the unread count; a conversation seen for the first time takes
   * Vinted's unread count (at most its incoming messages). Answers the conversation's id.
   */
  async store(
    em: EntityManager,
    conversation: VintedConversation,
    productId: string | null,
    vintedUnread: number | null,
  ): Promise<string> {
    const [row] = await em.execute<{ id: string; inserted: boolean }[]>(
      `insert into conversations (id, vinted_id, item_id, product_id, counterpart, vinted_updated_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?)
       on conflict (vinted_id) do update
         set item_id = coalesce(excluded.item_id, conversations.item_id),
             product_id = coalesce(excluded.product_id, conversations.product_id),
             counterpart = coalesce(excluded.counterpart, conversations.counterpart),
             vinted_updated_at = greatest(conversations.vinted_updated_at, excluded.vinted_updated_at),
             updated_at = greatest(conversations.updated_at, excluded.updated_at)
       returning id, (xmax = 0) as inserted`,
      [
        randomUUID(),
        conversation.conversationId,
        conversation.itemId,
        productId,
        conversation.counterpart,
        conversation.updatedAt,
        conversation.updatedAt,
      ],
    );
    const ids = conversation.messages.map((m) => m.messageId);
    const known =
      ids.length === 0
        ? new Set<string>()
        : new Set(
            (
              await em.execute<{ vinted_message_id: string }[]>(
                `select vinted_message_id from conversation_messages
                  where vinted_message_id in (${ids.map(() => '?').join(', ')})`,
                ids,
              )
            ).map((r) => r.vinted_message_id),
          );
    let incoming = 0;
    for (const message of conversation.messages) {
      if (known.has(message.messageId)) continue;
      known.add(message.messageId);
      if (message.direction === 'out' && message.kind === 'message') {
        const attached = await em.execute(
          `update conversation_messages set vinted_message_id = ?, status = 'sent', error = null, sent_at = ?
            where id = (select id from conversation_messages
                         where conversation_id = ? and vinted_message_id is null and direction = 'out'
                           and kind = 'message' and body = btrim(?) and status in ('pending', 'failed')
                         order by created_at limit 1)`,
          [message.messageId, message.sentAt, row.id, message.body],
          'run',
        );
        if (affected(attached) === 1) continue;
      }
      const inserted = await em.execute(
        `insert into conversation_messages
           (id, conversation_id, vinted_message_id, kind, direction, body, price, currency, sent_at, status)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sent')
         on conflict (vinted_message_id) do nothing`,
        [
          randomUUID(),
          row.id,
          message.messageId,
          message.kind,
          message.direction,
          message.body,
          message.price,
          message.currency,
          message.sentAt,
        ],
        'run',
      );
      if (affected(inserted) === 1 && message.direction === 'in') incoming += 1;
    }
    await em.execute(
      row.inserted
        ? 'update conversations set unread_count = ? where id = ?'
        : 'update conversations set unread_count = unread_count + ? where id = ?',
      [row.inserted && vintedUnread !== null ? Math.min(vintedUnread, incoming) : incoming, row.id],
      'run',
    );
    return row.id;
  }

  /** Newest activity first, one statement: the page, the total, and each conversation's last message. */
  async list(em: EntityManager, page: number, limit: number): Promise<Page<ConversationSummary>> {
    const rows = await em.execute<(ConversationRow & LastMessageColumns & { matching: number })[]>(
      `select c.*, t.matching, m.kind as m_kind, m.direction as m_direction, m.body as m_body, m.price as m_price,
              m.currency as m_currency, m.sent_at as m_sent_at
         from (select count(*)::int as matching from conversations) t
         left join lateral (select * from conversations order by updated_at desc, id desc limit ? offset ?) c on true
         left join lateral (select * from conversation_messages where conversation_id = c.id
                             order by sent_at desc, created_at desc limit 1) m on true
        order by c.updated_at desc, c.id desc`,
      [limit, (page - 1) * limit],
    );
    const total = rows[0]?.matching ?? 0;
    return { items: rows.filter((r) => r.id !== null).map(toSummary), total, page, limit };
  }

  /** The conversation, locked; undefined for an id that names none of the tenant's. */
  async lock(em: EntityManager, id: string): Promise<{ id: string; vintedId: string } | undefined> {
    const [row] = await em.execute<{ id: string; vinted_id: string }[]>(
      'select id, vinted_id from conversations where id = ? for update',
      [id],
    );
    return row && { id: row.id, vintedId: row.vinted_id };
  }

  async markRead(em: EntityManager, id: string): Promise<void> {
    await em.execute('update conversations set unread_count = 0 where id = ? and unread_count <> 0', [id], 'run');
  }

  async view(em: EntityManager, id: string): Promise<ConversationView | undefined> {
    const [row] = await em.execute<(ConversationRow & LastMessageColumns)[]>(
      `select c.*, m.kind as m_kind, m.direction as m_direction, m.body as m_body, m.price as m_price,
              m.currency as m_currency, m.sent_at as m_sent_at
         from conversations c
         left join lateral (select * from conversation_messages where conversation_id = c.id
                             order by sent_at desc, created_at desc limit 1) m on true
        where c.id = ?`,
      [id],
    );
    if (!row) return undefined;
    const messages = await em.execute<MessageRow[]>(
      `select id, kind, direction, body, price, currency, sent_at, status, error from conversation_messages
        where conversation_id = ? order by sent_at, created_at, id`,
      [id],
    );
    return { ...toSummary(row), messages: messages.map(toMessage) };
  }

  /** A reply written in StoFlow, `pending` until its task says otherwise. */
  async addReply(em: EntityManager, id: string, conversationId: string, body: string, taskId: string): Promise<void> {
    await em.execute(
      `insert into conversation_messages (id, conversation_id, kind, direction, body, status, task_id)
       values (?, ?, 'message', 'out', ?, 'pending', ?)`,
      [id, conversationId, body, taskId],
      'run',
    );
    await em.execute('update conversations set updated_at = now() where id = ?', [conversationId], 'run');
  }

  async message(em: EntityManager, id: string): Promise<ConversationMessageView | undefined> {
    const [row] = await em.execute<MessageRow[]>(
      'select id, kind, direction, body, price, currency, sent_at, status, error from conversation_messages where id = ?',
      [id],
    );
    return row && toMessage(row);
  }

  /**
   * The reply, locked. Its conversation is locked first, as storing a conversation does (its upsert), so a pass
   * over the inbox and a reply's outcome take their turns instead of deadlocking.
   */
  async lockReply(em: EntityManager, id: string): Promise<ReplyRow | undefined> {
    await em.execute(
      `select c.id from conversations c join conversation_messages m on m.conversation_id = c.id
        where m.id = ? for update of c`,
      [id],
    );
    const [row] = await em.execute<
      {
        id: string;
        conversation_id: string;
        vinted_id: string;
        body: string;
        status: MessageStatus;
        vinted_message_id: string | null;
        task_id: string | null;
        checks: number;
      }[]
    >(
      `select m.id, m.conversation_id, c.vinted_id, m.body, m.status, m.vinted_message_id, m.task_id, m.checks
         from conversation_messages m join conversations c on c.id = m.conversation_id
        where m.id = ? and m.direction = 'out'
        for update of m`,
      [id],
    );
    return (
      row && {
        id: row.id,
        conversationId: row.conversation_id,
        vintedConversationId: row.vinted_id,
        body: row.body,
        status: row.status,
        vintedMessageId: row.vinted_message_id,
        taskId: row.task_id,
        checks: row.checks,
      }
    );
  }

  /**
   * The reply reached Vinted as message `vintedMessageId`. Should a pass over the inbox have stored that message
   * first (as a message of its own), that copy gives way to the reply.
   */
  async markSent(em: EntityManager, id: string, vintedMessageId: string | null, sentAt: Date | null): Promise<void> {
    if (vintedMessageId !== null) {
      await em.execute(
        'delete from conversation_messages where vinted_message_id = ? and id <> ?',
        [vintedMessageId, id],
        'run',
      );
    }
    await em.execute(
      `update conversation_messages
          set status = 'sent', error = null, vinted_message_id = coalesce(?, vinted_message_id),
              sent_at = coalesce(?, sent_at)
        where id = ?`,
      [vintedMessageId, sentAt, id],
      'run',
    );
  }

  async markFailed(em: EntityManager, id: string, error: string): Promise<void> {
    await em.execute(
      "update conversation_messages set status = 'failed', error = ? where id = ? and status = 'pending'",
      [error.slice(0, 500), id],
      'run',
    );
  }

  /** One more look at the conversation for a reply whose outcome was lost. */
  async countCheck(em: EntityManager, id: string): Promise<void> {
    await em.execute('update conversation_messages set checks = checks + 1 where id = ?', [id], 'run');
  }
}

function affected(result: unknown): number {
  return (result as { affectedRows: number }).affectedRows;
}

function toSummary(row: ConversationRow & LastMessageColumns): ConversationSummary {
  return {
    id: row.id,
    vintedId: row.vinted_id,
    itemId: row.item_id,
    productId: row.product_id,
    counterpart: row.counterpart,
    unreadCount: row.unread_count,
    lastMessage:
      row.m_kind && row.m_direction && row.m_sent_at
        ? {
            excerpt: excerpt(row.m_kind, row.m_body ?? '', row.m_price, row.m_currency),
            kind: row.m_kind,
            direction: row.m_direction,
            sentAt: new Date(row.m_sent_at).toISOString(),
          }
        : null,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function excerpt(kind: MessageKind, body: string, price: string | null, currency: string | null): string {
  if (kind === 'offer') return `Offer: ${price ?? '?'} ${currency ?? ''}`.trim();
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

function toMessage(row: MessageRow): ConversationMessageView {
  return {
    id: row.id,
    kind: row.kind,
    direction: row.direction,
    body: row.body,
    price: row.price,
    currency: row.currency,
    sentAt: new Date(row.sent_at).toISOString(),
    status: row.status,
    error: row.error,
  };
}
