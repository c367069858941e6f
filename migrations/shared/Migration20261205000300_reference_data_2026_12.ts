import { Migration } from '@mikro-orm/migrations';
import { Columns, recordset, upsert } from './Migration20261125000310_product_attributes_seed';
import categories from './seeds/categories.json';
import sizes from './seeds/sizes.json';

/** The Vinted size groups added on 2026-12-05 (seeds/README.md, sizes.json): one column per group. */
const NEW_SIZE_COLUMNS: Columns = {
  vintedKidsId: ['vinted_kids_id', 'integer'],
  vintedKidsShoesId: ['vinted_kids_shoes_id', 'integer'],
  vintedBrasId: ['vinted_bras_id', 'integer'],
  vintedRingsId: ['vinted_rings_id', 'integer'],
  vintedHatsId: ['vinted_hats_id', 'integer'],
  vintedGlovesId: ['vinted_gloves_id', 'integer'],
  vintedWatchesId: ['vinted_watches_id', 'integer'],
  vintedWomenBeltsId: ['vinted_women_belts_id', 'integer'],
  vintedMenBeltsId: ['vinted_men_belts_id', 'integer'],
  vintedWomenSocksId: ['vinted_women_socks_id', 'integer'],
  vintedMenSocksId: ['vinted_men_socks_id', 'integer'],
};

const SIZE_COLUMNS: Columns = {
  group: ['size_group', 'text'],
  vintedWomenId: ['vinted_women_id', 'integer'],
  vintedMenId: ['vinted_men_id', 'integer'],
  vintedMenBottomsId: ['vinted_men_bottoms_id', 'integer'],
  vintedMenShirtsId: ['vinted_men_shirts_id', 'integer'],
  vintedMenTailoringId: ['vinted_men_tailoring_id', 'integer'],
  frEquivalent: ['fr_equivalent', 'integer'],
  ...NEW_SIZE_COLUMNS,
};

const CATEGORY_COLUMNS: Columns = {
  gender: ['gender', 'text'],
  vintedCatalogId: ['vinted_catalog_id', 'integer'],
  vintedPath: ['vinted_path', 'text'],
  vintedLeaf: ['vinted_leaf', 'boolean'],
  vintedSizeGroupId: ['vinted_size_group_id', 'integer'],
  ebayCategoryId: ['ebay_category_id', 'integer'],
  ebayLeaf: ['ebay_leaf', 'boolean'],
  ebayMarketplaces: ['ebay_marketplaces', 'text[]'],
  ebayPathUS: ['ebay_path_us', 'text'],
  etsyTaxonomyId: ['etsy_taxonomy_id', 'integer'],
  etsyPath: ['etsy_path', 'text'],
};

/**
 * Reference data that can list what resellers sell: 470 categories (every leaf of the tree is a Vinted leaf
 * catalog: dresses, jeans, coats, skirts, kids' clothing…) and 255 sizes (kids, bras, rings, hats, gloves, belts,
 * socks), with `men_polos` moved to Vinted's current polo catalog 5492. Idempotent: rows are keyed by `code`, so
 * existing ids keep their rows (and the products pointing at them); a category that gained children stays, and a
 * product on it is told to choose a sub-category when it is published.
 */
export class Migration20261205000300_reference_data_2026_12 extends Migration {
  override async up(): Promise<void> {
    for (const [column, type] of Object.values(NEW_SIZE_COLUMNS)) {
      this.addSql(`alter table product_attributes.sizes add column if not exists ${column} ${type}`);
    }
    this.addSql(upsert({ table: 'sizes', rows: sizes, columns: SIZE_COLUMNS }));
    this.addSql(upsert({ table: 'categories', rows: categories, columns: CATEGORY_COLUMNS }));
    this.addSql(`update product_attributes.categories c set parent_id = p.id
      from ${recordset(categories, { code: 'text', parentCode: 'text' })}
      left join product_attributes.categories p on p.code = x."parentCode"
      where c.code = x.code and c.parent_id is distinct from p.id`);
  }

  override async down(): Promise<void> {
    // The rows stay (products may point at them); only the size columns of the new groups go.
    for (const [column] of Object.values(NEW_SIZE_COLUMNS)) {
      this.addSql(`alter table product_attributes.sizes drop column if exists ${column}`);
    }
  }
}
