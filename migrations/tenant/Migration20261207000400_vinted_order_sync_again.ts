import { Migration } from '@mikro-orm/migrations';

/**
 * A Vinted order pass, grown two ways. `again`: a request that arrives while the pass runs (a sale the seller just
 * saw) asks for one more pass after it, since the running one may have read the page before that sale was there.
 * `pending_details` / `next_page`: the new sales of the page just read, each read in detail (what it sold: a bundle
 * sells several items) one paced call at a time before the pass goes on to `next_page` (null: it was the last).
 */
export class Migration20261207000400_vinted_order_sync_again extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table vinted_order_syncs add column if not exists again boolean not null default false');
    this.addSql(
      "alter table vinted_order_syncs add column if not exists pending_details text[] not null default '{}'",
    );
    this.addSql('alter table vinted_order_syncs add column if not exists next_page integer');
  }

  override async down(): Promise<void> {
    this.addSql('alter table vinted_order_syncs drop column if exists next_page');
    this.addSql('alter table vinted_order_syncs drop column if exists pending_details');
    this.addSql('alter table vinted_order_syncs drop column if exists again');
  }
}
