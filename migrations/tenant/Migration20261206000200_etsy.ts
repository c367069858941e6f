import { Migration } from '@mikro-orm/migrations';

/**
 * What is on Etsy for each product (`etsy_listings`: its SKU and listing) and the calls Etsy jobs made
 * (`etsy_calls`: each one a job's sequence of Etsy requests, decided in a step and sent by the worker, with the
 * requests it made and its outcome kept for the next step).
 */
export class Migration20261206000200_etsy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists etsy_listings (
      product_id uuid primary key,
      sku text not null unique,
      listing_id bigint,
      url text,
      status text not null check (status in ('published', 'withdrawn', 'unlinked')),
      product_version integer not null default 0,
      photos jsonb not null default '[]'::jsonb,
      published_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index if not exists etsy_listings_listing_idx on etsy_listings (listing_id)');
    this.addSql(`create table if not exists etsy_calls (
      id uuid primary key,
      job_id uuid not null,
      step text not null,
      request jsonb not null,
      status text not null default 'queued' check (status in ('queued', 'sending', 'done', 'cancelled')),
      attempt integer not null default 1,
      outcome jsonb,
      result_status integer,
      trail jsonb not null default '[]'::jsonb,
      due_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index if not exists etsy_calls_job_idx on etsy_calls (job_id, created_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists etsy_calls');
    this.addSql('drop table if exists etsy_listings');
  }
}
