import { Migration } from '@mikro-orm/migrations';

/**
 * `product.when_made`: Etsy's `when_made` bucket, which decides whether Etsy may take the item (vintage only for a
 * reseller). Text with no check: the buckets move with Etsy's 20-year rule, and the API validates them.
 */
export class Migration20261205000300_product_when_made extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table product add column if not exists when_made text');
  }

  override async down(): Promise<void> {
    this.addSql('alter table product drop column if exists when_made');
  }
}
