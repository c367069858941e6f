import { Migration } from '@mikro-orm/migrations';

/**
 * An import of the Vinted wardrobe into the catalog (`GET /api/v2/wardrobe/{user}/items`, page by page through
 * the extension): its tallies and how it ended, so the reseller can follow it and a second request joins it.
 */
export class Migration20261206000100_vinted_imports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists vinted_imports (
      id uuid primary key,
      status text not null default 'running' check (status in ('running', 'completed', 'failed')),
      pages_read integer not null default 0,
      total_pages integer,
      created integer not null default 0,
      updated integer not null default 0,
      unchanged integer not null default 0,
      skipped jsonb not null default '[]'::jsonb,
      left_out integer not null default 0,
      error text,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    )`);
    this.addSql(
      "create index if not exists vinted_imports_running_idx on vinted_imports (started_at) where status = 'running'",
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists vinted_imports');
  }
}
