import { Migration } from '@mikro-orm/migrations';

/**
 * A request for a Vinted order pass that arrives while one is running (a sale the seller just saw) asks for one
 * more pass after it: the running pass may have read the page of sales before that sale was there.
 */
export class Migration20261207000400_vinted_order_sync_again extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table vinted_order_syncs add column if not exists again boolean not null default false');
  }

  override async down(): Promise<void> {
    this.addSql('alter table vinted_order_syncs drop column if exists again');
  }
}
