import { Migration } from '@mikro-orm/migrations';

/**
 * One jobs table for every marketplace: `vinted_jobs` becomes `marketplace_jobs` with a `marketplace` column (every
 * existing row is a Vinted job), and `task_id` becomes `call_id` (the call a job waits on: a plugin task on Vinted,
 * an API call elsewhere). Rows, ids and states are kept as they are. `down()` brings `vinted_jobs` back with the
 * Vinted jobs; jobs of other marketplaces have no place there and are dropped.
 */
export class Migration20261205000100_marketplace_jobs extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table vinted_jobs rename to marketplace_jobs');
    this.addSql('alter table marketplace_jobs rename column task_id to call_id');
    this.addSql(
      `alter table marketplace_jobs add column marketplace text not null default 'vinted'
         check (marketplace in ('vinted', 'ebay', 'etsy'))`,
    );
    this.addSql('alter table marketplace_jobs alter column marketplace drop default');
    for (const c of ['pkey', 'action_check', 'status_check', 'step_check', 'waiting_check']) {
      this.addSql(`alter table marketplace_jobs rename constraint vinted_jobs_${c} to marketplace_jobs_${c}`);
    }
    // A product's jobs run in order per marketplace; the list filters by marketplace or batch, newest first.
    this.addSql('drop index vinted_jobs_product_idx');
    this.addSql(
      'create index marketplace_jobs_product_idx on marketplace_jobs (product_id, marketplace, created_at, id)',
    );
    this.addSql('alter index vinted_jobs_created_idx rename to marketplace_jobs_created_idx');
    this.addSql('alter index vinted_jobs_live_idx rename to marketplace_jobs_live_idx');
    this.addSql(
      'create index marketplace_jobs_marketplace_idx on marketplace_jobs (marketplace, created_at desc, id desc)',
    );
    this.addSql(
      'create index marketplace_jobs_batch_idx on marketplace_jobs (batch_id, created_at desc) where batch_id is not null',
    );
  }

  override async down(): Promise<void> {
    this.addSql("delete from marketplace_jobs where marketplace <> 'vinted'");
    this.addSql('drop index marketplace_jobs_batch_idx');
    this.addSql('drop index marketplace_jobs_marketplace_idx');
    this.addSql('alter index marketplace_jobs_live_idx rename to vinted_jobs_live_idx');
    this.addSql('alter index marketplace_jobs_created_idx rename to vinted_jobs_created_idx');
    this.addSql('drop index marketplace_jobs_product_idx');
    this.addSql('create index vinted_jobs_product_idx on marketplace_jobs (product_id, created_at, id)');
    for (const c of ['pkey', 'action_check', 'status_check', 'step_check', 'waiting_check']) {
      this.addSql(`alter table marketplace_jobs rename constraint marketplace_jobs_${c} to vinted_jobs_${c}`);
    }
    this.addSql('alter table marketplace_jobs drop column marketplace');
    this.addSql('alter table marketplace_jobs rename column call_id to task_id');
    this.addSql('alter table marketplace_jobs rename to vinted_jobs');
  }
}
