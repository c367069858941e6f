import { Migration } from '@mikro-orm/migrations';

/**
 * Sales recorded against the stock, one per (marketplace, order, product): what makes RecordSale idempotent. A
 * replayed order sync finds its row and gets the answer it got the first time (kept here), without a second
 * decrement or a second event. Sales go with their product when the purge deletes it.
 */
export class Migration20261125000700_product_sales extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists product_sale (
      marketplace text not null check (marketplace in ('vinted', 'ebay', 'etsy')),
      order_id text not null check (char_length(order_id) between 1 and 200),
      product_id uuid not null references product (id) on delete cascade,
      quantity integer not null check (quantity > 0),
      stock_after integer not null check (stock_after >= 0),
      status_after text not null,
      sold_out boolean not null,
      recorded_at timestamptz not null default now(),
      primary key (marketplace, order_id, product_id)
    )`);
    this.addSql('create index if not exists product_sale_product_idx on product_sale (product_id)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists product_sale');
  }
}
