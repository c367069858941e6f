import { Migration } from '@mikro-orm/migrations';

/**
 * `product.relist_on_cancel`: whether a cancelled order puts the product back on the marketplaces it was withdrawn
 * from because it sold out. Off by default: a seller may have sold the item elsewhere, by hand.
 */
export class Migration20261206000400_product_relist_on_cancel extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table product add column if not exists relist_on_cancel boolean not null default false');
  }

  override async down(): Promise<void> {
    this.addSql('alter table product drop column if exists relist_on_cancel');
  }
}
