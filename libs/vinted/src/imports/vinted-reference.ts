import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListAttributesQuery, VINTED_MEN_BOTTOMS_GROUP, VINTED_SIZE_GROUPS } from '@stoflow/catalog';
import type { AttributeView } from '@stoflow/catalog';

/** Where a Vinted catalog lands in StoFlow: a category, the fit when Vinted files the node by cut, its size group. */
export interface CatalogTarget {
  categoryId: number;
  fitId: number | null;
  sizeGroup: number | null;
}

/** StoFlow's reference rows indexed by the Vinted id each one carries (`product_attributes`'s vinted_* columns). */
export interface VintedReference {
  brands: ReadonlyMap<number, number>;
  conditions: ReadonlyMap<number, number>;
  colors: ReadonlyMap<number, number>;
  materials: ReadonlyMap<number, number>;
  catalogs: ReadonlyMap<number, CatalogTarget>;
  /** By Vinted size group, then Vinted size id → StoFlow size id. */
  sizes: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

/** The fit columns of `fits` and the category each one files (the reverse of the publish mapper's). */
const FIT_CATALOGS: Record<string, string> = {
  vintedWomenJeansCatalogId: 'women_jeans',
  vintedMenJeansCatalogId: 'men_jeans',
  vintedWomenTrousersCatalogId: 'women_trousers',
  vintedMenTrousersCatalogId: 'men_trousers',
};

const PAGE = 100;
/** Reference data changes with a migration, not during an import: read once per this long. */
const TTL_MS = 10 * 60_000;

/** Reads the reference tables through the catalog's query and indexes them by Vinted id, cached per process. */
@Injectable()
export class VintedReferenceIndex {
  private cached: { at: number; value: Promise<VintedReference> } | null = null;

  constructor(private readonly queries: QueryBus) {}

  get(): Promise<VintedReference> {
    if (!this.cached || Date.now() - this.cached.at > TTL_MS) {
      const value = this.load();
      this.cached = { at: Date.now(), value };
      value.catch(() => (this.cached = null));
    }
    return this.cached.value;
  }

  private async load(): Promise<VintedReference> {
    const [brands, conditions, colors, materials, categories, fits, sizes] = await Promise.all(
      ['brands', 'conditions', 'colors', 'materials', 'categories', 'fits', 'sizes'].map((t) => this.all(t)),
    );
    return buildVintedReference({ brands, conditions, colors, materials, categories, fits, sizes });
  }

  private async all(type: string): Promise<AttributeView[]> {
    const rows: AttributeView[] = [];
    for (let page = 1; ; page += 1) {
      const { items, total } = await this.queries.execute(new ListAttributesQuery(type, page, PAGE));
      rows.push(...items);
      if (rows.length >= total || items.length === 0) return rows;
    }
  }
}

/** Pure: the index of the reference rows. The lowest StoFlow id wins when two rows carry one Vinted id. */
export function buildVintedReference(
  rows: Record<'brands' | 'conditions' | 'colors' | 'materials' | 'categories' | 'fits' | 'sizes', AttributeView[]>,
): VintedReference {
  const byColumn = (list: AttributeView[], column: string) => {
    const map = new Map<number, number>();
    for (const row of [...list].sort((a, b) => a.id - b.id)) {
      const vintedId = num(row, column);
      if (vintedId !== null && !map.has(vintedId)) map.set(vintedId, row.id);
    }
    return map;
  };

  const categoryById = new Map(rows.categories.map((c) => [c.id, c]));
  const groupOf = (category: AttributeView): number | null => {
    for (let c: AttributeView | undefined = category, depth = 0; c && depth < 20; depth += 1) {
      const group = num(c, 'vintedSizeGroupId');
      if (group !== null) return group;
      c = typeof c.parentId === 'number' ? categoryById.get(c.parentId) : undefined;
    }
    return null;
  };
  const catalogs = new Map<number, CatalogTarget>();
  for (const category of [...rows.categories].sort((a, b) => a.id - b.id)) {
    const catalogId = num(category, 'vintedCatalogId');
    if (catalogId !== null && !catalogs.has(catalogId)) {
      catalogs.set(catalogId, { categoryId: category.id, fitId: null, sizeGroup: groupOf(category) });
    }
  }
  const byCode = new Map(rows.categories.map((c) => [c.code, c]));
  for (const fit of [...rows.fits].sort((a, b) => a.id - b.id)) {
    for (const [column, code] of Object.entries(FIT_CATALOGS)) {
      const catalogId = num(fit, column);
      const category = byCode.get(code);
      if (catalogId === null || !category || catalogs.has(catalogId)) continue;
      const group = groupOf(category) ?? (category.gender === 'men' ? VINTED_MEN_BOTTOMS_GROUP : null);
      catalogs.set(catalogId, { categoryId: category.id, fitId: fit.id, sizeGroup: group });
    }
  }

  const sizes = new Map<number, Map<number, number>>();
  for (const [group, { column, shoes }] of Object.entries(VINTED_SIZE_GROUPS)) {
    const fitting = rows.sizes.filter((s) => ((s.sizeGroup ?? s.group) === 'shoe_eu') === shoes);
    sizes.set(Number(group), byColumn(fitting, column));
  }

  return {
    brands: byColumn(rows.brands, 'vintedBrandId'),
    conditions: byColumn(rows.conditions, 'vintedStatusId'),
    colors: byColumn(rows.colors, 'vintedColorId'),
    materials: byColumn(rows.materials, 'vintedMaterialId'),
    catalogs,
    sizes,
  };
}

function num(row: AttributeView, column: string): number | null {
  const value = row[column];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}
