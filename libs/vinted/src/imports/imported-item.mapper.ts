import type { PackageSize, UnmappedAttribute } from '@stoflow/catalog';
import type { VintedItemDetails } from '../vinted-web/vinted-web.client';
import type { VintedReference } from './vinted-reference';

/** What an import writes on a product from a Vinted item: Vinted is the source of each of these fields. */
export interface ImportedFields {
  title: string;
  description: string;
  price: string;
  currency: string;
  brandId: number | null;
  categoryId: number | null;
  /** Only when Vinted files the item by cut (jeans, trousers): a fit the seller chose otherwise stays. */
  fitId?: number;
  conditionId: number | null;
  sizeId: number | null;
  colorIds: number[];
  materialIds: number[];
  packageSize: PackageSize | null;
  unmappedAttributes: UnmappedAttribute[];
}

const PACKAGE_SIZES: Record<number, PackageSize> = { 1: 'small', 2: 'medium', 3: 'large' };
const MAX_TITLE = 120;
const MAX_DESCRIPTION = 5000;

/**
 * The product fields of a Vinted item. A Vinted id StoFlow's reference data has no row for leaves the field empty
 * and is kept in `unmappedAttributes` with Vinted's title, never silently dropped. Null when the item has no
 * price StoFlow can hold.
 */
export function mapImportedItem(item: VintedItemDetails, ref: VintedReference): ImportedFields | null {
  const price = item.price !== null && /^\d+(\.\d+)?$/.test(item.price) ? twoDecimals(item.price) : null;
  if (price === null || !/[1-9]/.test(price)) return null;
  const unmapped: UnmappedAttribute[] = [];
  const one = (
    attribute: UnmappedAttribute['attribute'],
    vintedId: number | null,
    map: ReadonlyMap<number, number>,
    title: string | null = null,
  ): number | null => {
    if (vintedId === null) return null;
    const id = map.get(vintedId);
    if (id === undefined) unmapped.push({ attribute, vintedId, title });
    return id ?? null;
  };
  const many = (attribute: 'color' | 'material', vintedIds: number[], map: ReadonlyMap<number, number>) =>
    [...new Set(vintedIds)].flatMap((vintedId) => one(attribute, vintedId, map) ?? []);

  const catalog = item.catalogId === null ? undefined : ref.catalogs.get(item.catalogId);
  if (item.catalogId !== null && !catalog) {
    unmapped.push({ attribute: 'category', vintedId: item.catalogId, title: null });
  }
  const brandId = one('brand', item.brandId, ref.brands, item.brandTitle);
  const conditionId = one('condition', item.statusId, ref.conditions);
  const sizeId = item.sizeId === null ? null : size(item.sizeId, catalog?.sizeGroup ?? null, ref);
  if (item.sizeId !== null && sizeId === null) {
    unmapped.push({ attribute: 'size', vintedId: item.sizeId, title: item.sizeTitle });
  }
  const colorIds = many('color', item.colorIds, ref.colors);
  const materialIds = many('material', item.materialIds, ref.materials);
  const packageSize = item.packageSizeId === null ? null : (PACKAGE_SIZES[item.packageSizeId] ?? null);
  if (item.packageSizeId !== null && packageSize === null) {
    unmapped.push({ attribute: 'packageSize', vintedId: item.packageSizeId, title: null });
  }
  return {
    title: item.title.trim().slice(0, MAX_TITLE) || `Vinted ${item.id}`,
    description: item.description.slice(0, MAX_DESCRIPTION),
    price,
    currency: item.currency && /^[A-Z]{3}$/.test(item.currency) ? item.currency : 'EUR',
    brandId,
    categoryId: catalog?.categoryId ?? null,
    ...(catalog?.fitId ? { fitId: catalog.fitId } : {}),
    conditionId,
    sizeId,
    colorIds,
    materialIds,
    packageSize,
    unmappedAttributes: unmapped,
  };
}

/** In the catalog's size group when the category is known, else in whichever group knows the id. */
function size(vintedId: number, group: number | null, ref: VintedReference): number | null {
  if (group !== null) return ref.sizes.get(group)?.get(vintedId) ?? null;
  for (const sizes of ref.sizes.values()) {
    const id = sizes.get(vintedId);
    if (id !== undefined) return id;
  }
  return null;
}

/** "12.5" → "12.50", without going through a float. */
export function twoDecimals(amount: string): string {
  const [units, cents = ''] = amount.split('.');
  return `${units}.${cents.padEnd(2, '0').slice(0, 2)}`;
}
