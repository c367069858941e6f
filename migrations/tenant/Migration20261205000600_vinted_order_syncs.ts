import { Migration } from '@mikro-orm/migrations';

/**
 * A pass over the Vinted account's sales (`GET /api/v2/my_orders`, page by page through the extension): what it
 * has read so far and how it ended, so the dashboard can follow it and a second request joins the running one.
 */
export class Migration20261205000600_vinted_order_syncs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists vinted_order_syncs (
      id uuid primary key,
      status text not null default 'running' check (status in ('running', 'completed', 'failed')),
      pages_read integer not null default 0,
      orders_seen integer not null default 0,
      error text,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    )`);
    this.addSql(
      "create index if not exists vinted_order_syncs_running_idx on vinted_order_syncs (started_at) where status = 'running'",
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists vinted_order_syncs');
  }
}
