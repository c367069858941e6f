import { Migration } from '@mikro-orm/migrations';

/**
 * What is on eBay for each product (`ebay_listings`: its SKU, offer and listing) and the calls eBay jobs made
 * (`ebay_calls`: each one a job's sequence of eBay requests, decided in a step and sent by the worker, with the
 * requests it made (`trail`) and its outcome kept for the next step), and the eBay category a seller chose for a
 * product where the reference data has none, or not the right one (`ebay_category_choices`).
 */
export class Migration20261206000300_ebay extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists ebay_listings (
      product_id uuid primary key,
      sku text not null unique,
      marketplace_id text not null,
      offer_id text,
      listing_id text,
      url text,
      status text not null check (status in ('published', 'withdrawn', 'unlinked')),
      product_version integer not null default 0,
      warnings jsonb not null default '[]'::jsonb,
      revisions_on date,
      revisions integer not null default 0,
      published_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table if not exists ebay_calls (
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
    this.addSql('create index if not exists ebay_calls_job_idx on ebay_calls (job_id, created_at)');
    this.addSql(`create table if not exists ebay_category_choices (
      product_id uuid primary key,
      category_id text not null check (category_id ~ '^[0-9]{1,10}$'),
      chosen_at timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists ebay_category_choices');
    this.addSql('drop table if exists ebay_calls');
    this.addSql('drop table if exists ebay_listings');
  }
}
