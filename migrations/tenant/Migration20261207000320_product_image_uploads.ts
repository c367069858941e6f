import { Migration } from '@mikro-orm/migrations';

/**
 * `product_image_uploads`: one signed upload URL granted for a product (e.g. to the extension, which copies a
 * photo from a marketplace): valid until `expires_at`, spent once it made `image_id`, so sending it again adds
 * nothing.
 */
export class Migration20261207000320_product_image_uploads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists product_image_uploads (
      id uuid primary key,
      product_id uuid not null references product (id) on delete cascade,
      image_id uuid references product_image (id) on delete set null,
      origin text check (origin in ('vinted', 'ebay', 'etsy')),
      expires_at timestamptz not null,
      created_at timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists product_image_uploads');
  }
}
