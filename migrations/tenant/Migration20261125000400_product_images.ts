import { Migration } from '@mikro-orm/migrations';

/**
 * A product's images (the bytes live in media storage under `storage_key` / `thumbnail_key`).
 * Positions are 0..n-1 per product; the unique constraint is deferred so a reorder can swap them in one
 * transaction. Images go with their product when the sweeper purges it (on delete cascade).
 */
export class Migration20261125000400_product_images extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists product_image (
      id uuid primary key,
      product_id uuid not null references product (id) on delete cascade,
      position integer not null check (position >= 0),
      storage_key text not null,
      thumbnail_key text not null,
      width integer not null,
      height integer not null,
      size_bytes integer not null,
      created_at timestamptz not null default now(),
      constraint product_image_position_unique unique (product_id, position) deferrable initially deferred
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists product_image');
  }
}
