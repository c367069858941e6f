import { Migration } from '@mikro-orm/migrations';
import brands from './seeds/brands.json';
import categories from './seeds/categories.json';
import colors from './seeds/colors.json';
import conditions from './seeds/conditions.json';
import fits from './seeds/fits.json';
import genders from './seeds/genders.json';
import materials from './seeds/materials.json';
import seasons from './seeds/seasons.json';
import sizes from './seeds/sizes.json';

/** JSON key → [column, SQL type, expression used when the key is absent]. */
export type Columns = Record<string, [string, string, string?]>;

export interface Seed {
  table: string;
  rows: object[];
  columns: Columns;
}

const SEEDS: Seed[] = [
  {
    table: 'brands',
    rows: brands,
    columns: { vintedBrandId: ['vinted_brand_id', 'integer'], ebayBrandName: ['ebay_brand_name', 'text'] },
  },
  { table: 'colors', rows: colors, columns: { vintedColorId: ['vinted_color_id', 'integer'], hex: ['hex', 'text'] } },
  {
    table: 'conditions',
    rows: conditions,
    columns: {
      vintedStatusId: ['vinted_status_id', 'integer'],
      ebayCondition: ['ebay_condition', 'text'],
      ebayConditionId: ['ebay_condition_id', 'integer'],
      ebayApparelLabel: ['ebay_apparel_label', 'text'],
    },
  },
  {
    table: 'materials',
    rows: materials,
    columns: {
      vintedMaterialId: ['vinted_material_id', 'integer'],
      apparelFabric: ['apparel_fabric', 'boolean', 'true'],
    },
  },
  {
    table: 'sizes',
    rows: sizes,
    columns: {
      group: ['size_group', 'text'],
      vintedWomenId: ['vinted_women_id', 'integer'],
      vintedMenId: ['vinted_men_id', 'integer'],
      vintedMenBottomsId: ['vinted_men_bottoms_id', 'integer'],
      vintedMenShirtsId: ['vinted_men_shirts_id', 'integer'],
      vintedMenTailoringId: ['vinted_men_tailoring_id', 'integer'],
      frEquivalent: ['fr_equivalent', 'integer'],
    },
  },
  {
    table: 'categories',
    rows: categories,
    columns: {
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
    },
  },
  {
    table: 'genders',
    rows: genders,
    columns: {
      vintedCatalogId: ['vinted_catalog_id', 'integer'],
      vintedIsUnisex: ['vinted_is_unisex', 'boolean', 'false'],
      ebayCategoryId: ['ebay_category_id', 'integer'],
      etsyClothingTaxonomyId: ['etsy_clothing_taxonomy_id', 'integer'],
      etsyShoesTaxonomyId: ['etsy_shoes_taxonomy_id', 'integer'],
    },
  },
  { table: 'seasons', rows: seasons, columns: {} },
  {
    table: 'fits',
    rows: fits,
    columns: {
      vintedWomenJeansCatalogId: ['vinted_women_jeans_catalog_id', 'integer'],
      vintedMenJeansCatalogId: ['vinted_men_jeans_catalog_id', 'integer'],
      vintedWomenTrousersCatalogId: ['vinted_women_trousers_catalog_id', 'integer'],
      vintedMenTrousersCatalogId: ['vinted_men_trousers_catalog_id', 'integer'],
    },
  },
];

/**
 * Loads the reference data from `seeds/*.json` (copied from the data set documented in seeds/README.md).
 * Idempotent: rows are keyed by `code`, so running it again, or a later seed with corrected ids, updates in place.
 */
export class Migration20261125000310_product_attributes_seed extends Migration {
  override async up(): Promise<void> {
    for (const seed of SEEDS) this.addSql(upsert(seed));
    // Parents are linked once every category exists, so the file's order does not matter.
    this.addSql(`update product_attributes.categories c set parent_id = p.id
      from ${recordset(categories, { code: 'text', parentCode: 'text' })}
      left join product_attributes.categories p on p.code = x."parentCode"
      where c.code = x.code and c.parent_id is distinct from p.id`);
  }

  override async down(): Promise<void> {
    for (const { table, rows } of [...SEEDS].reverse()) {
      if (table === 'categories') this.addSql('update product_attributes.categories set parent_id = null');
      this.addSql(
        `delete from product_attributes.${table} where code in (select code from ${recordset(rows, { code: 'text' })})`,
      );
    }
  }
}

export function upsert({ table, rows, columns }: Seed): string {
  const all: Columns = { code: ['code', 'text'], name: ['name', 'text'], nameFr: ['name_fr', 'text'], ...columns };
  const keys = Object.keys(all);
  const types = Object.fromEntries(keys.map((key) => [key, all[key][1]]));
  const values = keys.map((key) => {
    const [, , absent] = all[key];
    return absent ? `coalesce(x."${key}", ${absent})` : `x."${key}"`;
  });
  const targets = keys.map((key) => all[key][0]);
  return `insert into product_attributes.${table} (${targets.join(', ')})
    select ${values.join(', ')} from ${recordset(rows, types)}
    on conflict (code) do update set ${targets
      .filter((c) => c !== 'code')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`;
}

/** The rows as a SQL record set `x`, embedded as a dollar-quoted literal (no driver placeholders involved). */
export function recordset(rows: object[], types: Record<string, string>): string {
  const json = JSON.stringify(rows);
  if (json.includes('$seed$')) throw new Error('Seed data may not contain the quoting tag $seed$');
  const definition = Object.entries(types)
    .map(([key, type]) => `"${key}" ${type}`)
    .join(', ');
  return `jsonb_to_recordset($seed$${json}$seed$::jsonb) as x(${definition})`;
}
