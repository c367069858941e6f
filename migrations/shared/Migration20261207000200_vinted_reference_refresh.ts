import { Migration } from '@mikro-orm/migrations';

/**
 * Refreshes of Vinted's reference lists (catalog tree, size groups, the seeded brands), read through a user's
 * extension: one row per run, with what Vinted answered kept raw, so `reference diff` can compare it with the
 * seeded ids at any time. Shared, not per tenant: reference data is the same for every seller. Tenant roles get no
 * grant here. A catalog Vinted no longer has is marked `vinted_gone_at` (not deleted: products point at it).
 */
export class Migration20261207000200_vinted_reference_refresh extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists public.vinted_reference_snapshots (
      id uuid primary key,
      user_id bigint not null references public.users (id) on delete cascade,
      status text not null default 'running' check (status in ('running', 'completed', 'failed')),
      raw jsonb not null default '{"brands": {}}',
      brand_keywords text[] not null default '{}',
      brand_offset integer not null default 0,
      error text,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    )`);
    this.addSql(
      'create index if not exists vinted_reference_snapshots_started_idx on public.vinted_reference_snapshots (started_at)',
    );
    this.addSql('alter table product_attributes.categories add column if not exists vinted_gone_at timestamptz');
  }

  override async down(): Promise<void> {
    this.addSql('alter table product_attributes.categories drop column if exists vinted_gone_at');
    this.addSql('drop table if exists public.vinted_reference_snapshots');
  }
}
