import { VINTED_MEN_BOTTOMS_GROUP, VINTED_SIZE_GROUPS } from '@stoflow/catalog';
import type { AttributeView, ListingSnapshot, UnmappedAttributeName } from '@stoflow/catalog';
import { DomainError } from '@stoflow/core';
import type { VintedItemPayload } from '../vinted-web/vinted-web.client';

/** Something Vinted needs that the product lacks, worded for the reseller. */
export type VintedIssue = { field: string; issue: string };

/** The product cannot be listed on Vinted as it is; `details` names every field to fix. */
export class NotPublishableOnVinted extends DomainError {
  constructor(issues: VintedIssue[]) {
    super('PRODUCT_INCOMPLETE_FOR_MARKETPLACE', 422, 'The product is missing what Vinted needs to list it', issues);
  }
}

type Fields = Omit<VintedItemPayload, 'id' | 'assigned_photos' | 'temp_uuid'>;

const PACKAGE_SIZE_IDS = { small: 1, medium: 2, large: 3 } as const;

/** The product field an unmapped attribute leaves empty. */
const UNMAPPED_FIELDS: Record<UnmappedAttributeName, string> = {
  brand: 'brandId',
  category: 'categoryId',
  condition: 'conditionId',
  size: 'sizeId',
  color: 'colorIds',
  material: 'materialIds',
  packageSize: 'packageSize',
};
const MIN_DESCRIPTION = 5;
const MAX_COLORS = 2;
const MAX_MATERIALS = 3;

/** Vinted files these nodes by cut: the fit's sub-catalog replaces the node itself. */
const FIT_CATALOG_COLUMNS: Record<string, string> = {
  women_jeans: 'vintedWomenJeansCatalogId',
  men_jeans: 'vintedMenJeansCatalogId',
  women_trousers: 'vintedWomenTrousersCatalogId',
  men_trousers: 'vintedMenTrousersCatalogId',
};

/** Every reason the product cannot be listed on Vinted, all at once; empty when it can. */
export function missingForVinted(snapshot: ListingSnapshot): VintedIssue[] {
  return resolve(snapshot).issues;
}

/** The create/edit `item` for a product `missingForVinted` accepts, with the photos already uploaded. */
export function mapToVintedItem(
  snapshot: ListingSnapshot,
  opts: { photoIds: number[]; tempUuid: string; itemId?: string | null },
): VintedItemPayload {
  if (opts.itemId && !/^[1-9]\d*$/.test(opts.itemId)) throw new RangeError(`Not a Vinted item id: ${opts.itemId}`);
  const { issues, fields } = resolve(snapshot);
  if (opts.photoIds.length === 0) issues.push({ field: 'images', issue: 'No photo has been uploaded to Vinted' });
  if (issues.length > 0 || !fields) throw new NotPublishableOnVinted(issues);
  return {
    id: opts.itemId ? Number(opts.itemId) : null,
    ...fields,
    assigned_photos: opts.photoIds.map((id) => ({ id, orientation: 0 })),
    temp_uuid: opts.tempUuid,
  };
}

function resolve({ product, attributes }: ListingSnapshot): { issues: VintedIssue[]; fields: Fields | null } {
  const issues: VintedIssue[] = [];
  // An attribute an import could not map is as missing as one never set; the issue says which value it was.
  const unmapped = new Map((product.unmappedAttributes ?? []).map((u) => [UNMAPPED_FIELDS[u.attribute], u]));
  const need = (field: string, issue: string): null => {
    const value = unmapped.get(field);
    const was = value && `${value.title ? `"${value.title}"` : 'the value'} (Vinted id ${value.vintedId})`;
    issues.push({ field, issue: was ? `${issue}: ${was} is not known to StoFlow, choose one` : issue });
    return null;
  };

  const title = product.title.trim() || need('title', 'Vinted needs a title');
  const description =
    product.description.trim().length >= MIN_DESCRIPTION
      ? product.description.trim()
      : need('description', `Vinted needs a description (at least ${MIN_DESCRIPTION} characters)`);
  const price = /^\d+\.\d{2}$/.test(product.price) && /[1-9]/.test(product.price) ? product.price : null;
  if (price === null) need('price', 'Vinted needs a price above zero');
  const currency = /^[A-Z]{3}$/.test(product.currency) ? product.currency : need('currency', 'Vinted needs a currency');

  const { catalogId, sizeGroup } = vintedCatalog(attributes, need);
  const sizeId = vintedSize(attributes.category, attributes.size, sizeGroup, need);

  const condition = attributes.condition;
  const statusId = !condition
    ? need('conditionId', 'Vinted needs a condition')
    : (num(condition, 'vintedStatusId') ??
      need('conditionId', `Vinted has no "${condition.name}" condition: choose another one`));

  const brand = attributes.brand;
  if (!brand) need('brandId', 'Vinted needs a brand');
  const brandId = brand ? num(brand, 'vintedBrandId') : null;

  if (product.images.length === 0) need('images', 'Vinted needs at least one photo');
  const packageSizeId = product.packageSize
    ? PACKAGE_SIZE_IDS[product.packageSize]
    : need('packageSize', 'Vinted needs a parcel size (small, medium or large)');

  const colorIds = ids(attributes.colors, 'vintedColorId', 'colorIds', 'colour', need);
  if (attributes.colors.length > MAX_COLORS) {
    need('colorIds', `Vinted takes at most ${MAX_COLORS} colours; this product has ${attributes.colors.length}`);
  }
  const materialIds = ids(attributes.materials, 'vintedMaterialId', 'materialIds', 'material', need);
  if (attributes.materials.length > MAX_MATERIALS) {
    need(
      'materialIds',
      `Vinted takes at most ${MAX_MATERIALS} materials; this product has ${attributes.materials.length}`,
    );
  }

  if (
    issues.length > 0 ||
    title === null ||
    description === null ||
    price === null ||
    currency === null ||
    catalogId === null ||
    statusId === null ||
    packageSizeId === null
  ) {
    return { issues, fields: null };
  }
  return {
    issues,
    fields: {
      title,
      description,
      price,
      currency,
      catalog_id: catalogId,
      brand_id: brandId,
      ...(brandId === null && brand ? { brand: brand.name } : {}),
      size_id: sizeId,
      status_id: statusId,
      package_size_id: packageSizeId,
      color_ids: colorIds,
      item_attributes: materialIds.length ? [{ code: 'material', ids: materialIds }] : [],
      is_unisex: attributes.gender?.vintedIsUnisex === true,
    },
  };
}

type Need = (field: string, issue: string) => null;

/** The deepest Vinted catalog the product reaches, and the size group that catalog uses. */
function vintedCatalog(
  { category, fit }: ListingSnapshot['attributes'],
  need: Need,
): { catalogId: number | null; sizeGroup: number | null } {
  if (!category) return { catalogId: need('categoryId', 'Vinted needs a category'), sizeGroup: null };
  const label = categoryLabel(category);
  const catalogId = num(category, 'vintedCatalogId');
  if (catalogId === null) {
    return { catalogId: need('categoryId', `Vinted has no category for ${label}`), sizeGroup: null };
  }
  const sizeGroup = num(category, 'vintedSizeGroupId');
  // Marked by `reference apply` when Vinted's full catalog tree no longer has it: Vinted would refuse the item.
  if (category.vintedGoneAt) {
    const issue = `Vinted no longer has the catalog of ${label}: choose another category`;
    return { catalogId: need('categoryId', issue), sizeGroup };
  }

  const fitColumn = FIT_CATALOG_COLUMNS[category.code];
  const fitCatalogId = fitColumn && fit ? num(fit, fitColumn) : null;
  if (fitCatalogId !== null) {
    return {
      catalogId: fitCatalogId,
      sizeGroup: sizeGroup ?? (category.gender === 'men' ? VINTED_MEN_BOTTOMS_GROUP : null),
    };
  }
  if (category.vintedLeaf !== false) return { catalogId, sizeGroup };
  if (!fitColumn) {
    return { catalogId: need('categoryId', `Vinted needs a more specific category than ${label}`), sizeGroup };
  }
  const issue = fit
    ? `Vinted has no ${label} category for the fit "${fit.name}": choose another fit`
    : `Vinted sorts ${label} by fit: choose a fit`;
  return { catalogId: need('fitId', issue), sizeGroup };
}

function vintedSize(
  category: AttributeView | null,
  size: AttributeView | null,
  group: number | null,
  need: Need,
): number | null {
  if (!category || group === null) return null;
  const label = categoryLabel(category);
  const sizes = VINTED_SIZE_GROUPS[group];
  if (!sizes) return need('sizeId', `StoFlow cannot give Vinted a size for ${label} yet`);
  if (!size) return need('sizeId', `Vinted needs a size for ${label}`);
  // The column is `size_group`; the seed files call it `group`.
  const isShoeSize = (size.sizeGroup ?? size.group) === 'shoe_eu';
  if (isShoeSize !== sizes.shoes) {
    return need(
      'sizeId',
      `${size.name} is ${isShoeSize ? 'a shoe size' : 'not a shoe size'}: ${label} needs another size`,
    );
  }
  return num(size, sizes.column) ?? need('sizeId', `Vinted has no size ${size.name} for ${label}`);
}

/** The Vinted ids of colours or materials, with one issue per row Vinted has no id for. */
function ids(rows: AttributeView[], column: string, field: string, what: string, need: Need): number[] {
  return rows.flatMap((row) => {
    const id = num(row, column);
    if (id === null) need(field, `Vinted has no ${what} "${row.name}"`);
    return id === null ? [] : [id];
  });
}

/** "Women › Dresses": the gender says which of Vinted's several "Dresses" is meant. */
function categoryLabel(category: AttributeView): string {
  const gender = typeof category.gender === 'string' ? category.gender : '';
  if (category.parentId === null || !gender) return category.name;
  return `${gender.charAt(0).toUpperCase()}${gender.slice(1)} › ${category.name}`;
}

function num(row: AttributeView, column: string): number | null {
  const value = row[column];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}
