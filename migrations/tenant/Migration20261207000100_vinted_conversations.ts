import { Migration } from '@mikro-orm/migrations';

/**
 * The seller's Vinted messages, read through the extension (`GET /api/v2/inbox`, then each changed conversation):
 *
 * - `conversations`: one per Vinted conversation, with the item it is about, the product StoFlow lists as that item
 *   (when it knows it), the buyer's display name only, and the unread count StoFlow shows. `vinted_updated_at` is
 *   Vinted's `updated_at` as of the last time the conversation's messages were read: a pass stops paging the inbox
 *   at the first conversation not updated since.
 * - `conversation_messages`: its messages (an offer is a message of kind `offer` with its price), each Vinted
 *   message once; a reply written in StoFlow is `pending` until the extension has posted it (`sent`, with Vinted's
 *   id) or it could not be (`failed`, with the reason).
 * - `vinted_message_syncs`: a pass over the inbox, what it read and how it ended; `pending` holds the conversations
 *   it still has to read.
 */
export class Migration20261207000100_vinted_conversations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists conversations (
      id uuid primary key,
      vinted_id text not null unique,
      item_id text,
      product_id uuid,
      counterpart text,
      unread_count integer not null default 0 check (unread_count >= 0),
      vinted_updated_at timestamptz,
      updated_at timestamptz not null default now(),
      created_at timestamptz not null default now()
    )`);
    this.addSql('create index if not exists conversations_updated_idx on conversations (updated_at desc, id)');
    this.addSql(`create table if not exists conversation_messages (
      id uuid primary key,
      conversation_id uuid not null references conversations (id) on delete cascade,
      vinted_message_id text unique,
      kind text not null default 'message' check (kind in ('message', 'offer')),
      direction text not null check (direction in ('in', 'out')),
      body text not null default '',
      price numeric(12, 2),
      currency text,
      sent_at timestamptz not null default now(),
      status text not null default 'sent' check (status in ('pending', 'sent', 'failed')),
      error text,
      task_id uuid,
      checks integer not null default 0,
      created_at timestamptz not null default now()
    )`);
    this.addSql(
      'create index if not exists conversation_messages_conversation_idx on conversation_messages (conversation_id, sent_at, created_at)',
    );
    this.addSql(`create table if not exists vinted_message_syncs (
      id uuid primary key,
      status text not null default 'running' check (status in ('running', 'completed', 'failed')),
      pages_read integer not null default 0,
      conversations_changed integer not null default 0,
      conversations_read integer not null default 0,
      pending jsonb not null default '[]'::jsonb,
      error text,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    )`);
    this.addSql(
      "create index if not exists vinted_message_syncs_running_idx on vinted_message_syncs (started_at) where status = 'running'",
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists vinted_message_syncs');
    this.addSql('drop table if exists conversation_messages');
    this.addSql('drop table if exists conversations');
  }
}
