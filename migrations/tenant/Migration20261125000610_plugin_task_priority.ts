import { Migration } from '@mikro-orm/migrations';

/**
 * Withdrawals jump the queue: a listing whose item sold elsewhere must go before the next photo of a bulk publish,
 * or the item can sell twice. Claims take the highest priority first, then the oldest.
 */
export class Migration20261125000610_plugin_task_priority extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table plugin_tasks add column if not exists priority smallint not null default 0');
    this.addSql('drop index if exists plugin_tasks_pending_idx');
    this.addSql(
      "create index if not exists plugin_tasks_pending_idx on plugin_tasks (priority desc, created_at, id) where status = 'pending'",
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists plugin_tasks_pending_idx');
    this.addSql(
      "create index if not exists plugin_tasks_pending_idx on plugin_tasks (created_at, id) where status = 'pending'",
    );
    this.addSql('alter table plugin_tasks drop column if exists priority');
  }
}
