import { Migration } from '@mikro-orm/migrations';

/**
 * Products and the projection of their marketplace listings. Attribute ids point at product_attributes and are
 * checked by the catalog when written (no cross-schema foreign keys: reference rows are shared by every tenant).
 */
export class Migration20261125000300_products extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists product (
      id uuid primary key,
      sku text not null check (char_length(sku) between 1 and 64),
      title text not null check (char_length(title) between 1 and 120),
      description text not null default '' check (char_length(description) <= 5000),
      price numeric(12, 2) not null check (price > 0),
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      brand_id integer,
      category_id integer,
      condition_id integer,
      size_id integer,
      gender_id integer,
      season_id integer,
      fit_id integer,
      color_ids integer[] not null default '{}',
      material_ids integer[] not null default '{}',
      package_size text check (package_size in ('small', 'medium', 'large')),
      weight_grams integer check (weight_grams > 0),
      stock_quantity integer not null default 1 check (stock_quantity >= 0),
      status text not null default 'draft' check (status in ('draft', 'active', 'sold', 'archived')),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    )`);
    // A sku names one live product; a deleted product gives its sku back.
    this.addSql('create unique index if not exists product_sku_live_key on product (sku) where deleted_at is null');
    this.addSql(
      'create index if not exists product_live_created_idx on product (created_at desc, id desc) where deleted_at is null',
    );
    this.addSql('create index if not exists product_live_status_idx on product (status) where deleted_at is null');
    this.addSql('create index if not exists product_live_brand_idx on product (brand_id) where deleted_at is null');
    this.addSql(
      'create index if not exists product_live_category_idx on product (category_id) where deleted_at is null',
    );
    this.addSql(`create table if not exists product_listing (
      product_id uuid not null references product (id) on delete cascade,
      marketplace text not null check (marketplace in ('vinted', 'ebay', 'etsy')),
      status text not null,
      external_id text,
      url text,
      last_error text,
      updated_at timestamptz not null,
      primary key (product_id, marketplace)
    )`);
    this.addSql(
      'create index if not exists product_listing_marketplace_idx on product_listing (marketplace, product_id)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists product_listing');
    this.addSql('drop table if exists product');
  }
}
