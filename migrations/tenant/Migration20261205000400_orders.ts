import { Migration } from '@mikro-orm/migrations';

/**
 * Orders from every marketplace, one row per order line (unique per marketplace, order and line: an order sync that
 * sees a line again changes its status, never adds a twin), with what it did to the stock: `recorded` (a sale taken
 * from the stock), `oversold` (the stock could not cover it: another marketplace sold the last unit first) or
 * `unmatched` (a product StoFlow does not know; kept and shown). `alerts` are what needs the seller (an oversold
 * order, …), one per subject. `product_sale` learns when a sale was given back (a cancelled or refunded order).
 */
export class Migration20261205000400_orders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists orders (
      id uuid primary key,
      marketplace text not null check (marketplace in ('vinted', 'ebay', 'etsy')),
      external_id text not null check (char_length(external_id) between 1 and 200),
      line_id text not null check (char_length(line_id) between 1 and 200),
      product_id uuid,
      sku text,
      title text,
      quantity integer not null check (quantity > 0),
      total numeric(12, 2) not null check (total >= 0),
      currency char(3) not null,
      buyer text check (char_length(buyer) <= 200),
      status text not null check (status in ('paid', 'shipped', 'completed', 'cancelled', 'refunded')),
      stock_outcome text not null check (stock_outcome in ('recorded', 'oversold', 'unmatched')),
      stock_returned boolean not null default false,
      sold_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (marketplace, external_id, line_id)
    )`);
    this.addSql('create index if not exists orders_sold_idx on orders (sold_at desc, id desc)');
    this.addSql('create index if not exists orders_product_idx on orders (product_id) where product_id is not null');
    this.addSql(`create table if not exists alerts (
      id uuid primary key,
      kind text not null check (char_length(kind) <= 40),
      subject text not null check (char_length(subject) <= 200),
      message text not null,
      details jsonb not null default '{}',
      created_at timestamptz not null default now(),
      dismissed_at timestamptz,
      unique (kind, subject)
    )`);
    this.addSql('alter table product_sale add column if not exists returned_at timestamptz');
    this.addSql('alter table product_sale add column if not exists stock_after_return integer');
    this.addSql('alter table product_sale add column if not exists status_after_return text');
  }

  override async down(): Promise<void> {
    this.addSql('alter table product_sale drop column if exists status_after_return');
    this.addSql('alter table product_sale drop column if exists stock_after_return');
    this.addSql('alter table product_sale drop column if exists returned_at');
    this.addSql('drop table if exists alerts');
    this.addSql('drop table if exists orders');
  }
}
