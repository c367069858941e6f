import { Migration } from '@mikro-orm/migrations';

/**
 * `product.unmapped`: marketplace values an import found that StoFlow's reference data has no row for (a Vinted
 * brand id unknown to `product_attributes.brands`…), kept with the marketplace's title rather than dropped:
 * `[{attribute, marketplace, vintedId, title}]`.
 */
export class Migration20261207000300_product_unmapped_values extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table product add column if not exists unmapped jsonb not null default '[]'::jsonb");
  }

  override async down(): Promise<void> {
    this.addSql('alter table product drop column if exists unmapped');
  }
}
