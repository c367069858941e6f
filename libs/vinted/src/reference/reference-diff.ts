import { VINTED_SIZE_GROUPS } from '@stoflow/catalog';
import type { SeededVintedReference, VintedReferenceChanges } from '@stoflow/catalog';
import type { VintedBrand, VintedCatalogNode, VintedSizeGroup } from '../vinted-web/vinted-web.client';

/** What one refresh read of Vinted's lists (null: that list was not read). */
export interface VintedReference {
  catalogs: VintedCatalogNode[] | null;
  sizeGroups: VintedSizeGroup[] | null;
  /** One search per seeded brand: the brand StoFlow searched for, and what Vinted found. */
  brandSearches: { brandId: number; results: VintedBrand[] }[];
  /** Every list was read to its end: only then does absence prove something is gone. */
  complete: boolean;
}

export interface ReferenceDiff {
  complete: boolean;
  /**
   * So many catalogs renamed at once that the titles are most likely in another language (Vinted translates them
   * per country site, and the refresh ran in a tab of another one): the renames are shown, never applied.
   */
  renamesHeldBack: boolean;
  catalogs: {
    /** Vinted catalogs no seeded row stands for, right below one that does: for a human to map. */
    new: { vintedId: number; title: string; parentVintedId: number; parentCode: string }[];
    renamed: { categoryId: number; code: string; vintedId: number; from: string; to: string }[];
    /** Seeded catalogs absent from Vinted's complete tree and not yet marked. */
    gone: { categoryId: number; code: string; vintedId: number; title: string | null }[];
  };
  sizes: {
    new: { groupId: number; vintedId: number; title: string }[];
    gone: { groupId: number; vintedId: number; codes: string[] }[];
  };
  brands: {
    /** A seeded brand without a Vinted id, and the Vinted brand of the same title. */
    new: { brandId: number; code: string; name: string; vintedId: number }[];
    renamed: { brandId: number; code: string; vintedId: number; from: string; to: string }[];
  };
}

/**
 * Compares what Vinted's lists say with the seeded ids. Renames and new entries are read from whatever was read;
 * "gone" only from a complete refresh (absence from a partial read proves nothing). A brand is never reported
 * gone: a search that does not find it proves nothing either. Sizes have no renames: StoFlow's size names are its
 * own labels, not Vinted's.
 */
export function diffVintedReference(seeded: SeededVintedReference, vinted: VintedReference): ReferenceDiff {
  const catalogs = vinted.catalogs ? diffCatalogs(seeded, vinted.catalogs, vinted.complete) : emptyCatalogs();
  const matched = seeded.categories.length - catalogs.gone.length;
  return {
    complete: vinted.complete,
    renamesHeldBack: catalogs.renamed.length > Math.max(MAX_RENAMES, matched * MAX_RENAMED_SHARE),
    catalogs,
    sizes: vinted.sizeGroups ? diffSizes(seeded, vinted.sizeGroups, vinted.complete) : { new: [], gone: [] },
    brands: diffBrands(seeded, vinted.brandSearches),
  };
}

/** Vinted renames a few catalogs at a time; more than this many, and this share of them, is another language. */
const MAX_RENAMES = 10;
const MAX_RENAMED_SHARE = 0.2;

/** Nothing to report. */
export function isEmptyDiff(diff: ReferenceDiff): boolean {
  return [diff.catalogs, diff.sizes, diff.brands].every((part) => Object.values(part).every((l) => l.length === 0));
}

function emptyCatalogs(): ReferenceDiff['catalogs'] {
  return { new: [], renamed: [], gone: [] };
}

function diffCatalogs(
  seeded: SeededVintedReference,
  tree: VintedCatalogNode[],
  complete: boolean,
): ReferenceDiff['catalogs'] {
  const byId = new Map(tree.map((node) => [node.id, node]));
  const seededByVintedId = new Map(seeded.categories.map((c) => [c.vintedCatalogId, c]));
  const diff = emptyCatalogs();
  for (const category of seeded.categories) {
    const node = byId.get(category.vintedCatalogId);
    if (!node) {
      if (complete && !category.vintedGoneAt) {
        diff.gone.push({
          categoryId: category.id,
          code: category.code,
          vintedId: category.vintedCatalogId,
          title: category.vintedTitle,
        });
      }
      continue;
    }
    if (category.vintedTitle !== null && node.title !== category.vintedTitle) {
      diff.renamed.push({
        categoryId: category.id,
        code: category.code,
        vintedId: node.id,
        from: category.vintedTitle,
        to: node.title,
      });
    }
  }
  for (const node of tree) {
    const parent = node.parentId === null ? undefined : seededByVintedId.get(node.parentId);
    if (parent && !seededByVintedId.has(node.id)) {
      diff.new.push({
        vintedId: node.id,
        title: node.title,
        parentVintedId: parent.vintedCatalogId,
        parentCode: parent.code,
      });
    }
  }
  return diff;
}

function diffSizes(
  seeded: SeededVintedReference,
  groups: VintedSizeGroup[],
  complete: boolean,
): ReferenceDiff['sizes'] {
  const diff: ReferenceDiff['sizes'] = { new: [], gone: [] };
  const vintedGroups = new Map(groups.map((g) => [g.id, g]));
  for (const [id, { column, shoes }] of Object.entries(VINTED_SIZE_GROUPS)) {
    const groupId = Number(id);
    const codesById = new Map<number, string[]>();
    for (const size of seeded.sizes) {
      const vintedId = size.vintedIds[column];
      if (vintedId === undefined || size.shoe !== shoes) continue;
      codesById.set(vintedId, [...(codesById.get(vintedId) ?? []), size.code]);
    }
    const group = vintedGroups.get(groupId);
    const onVinted = new Set(group?.sizes.map((s) => s.id) ?? []);
    for (const size of group?.sizes ?? []) {
      if (!codesById.has(size.id)) diff.new.push({ groupId, vintedId: size.id, title: size.title });
    }
    if (!complete) continue;
    for (const [vintedId, codes] of codesById) {
      if (!onVinted.has(vintedId)) diff.gone.push({ groupId, vintedId, codes });
    }
  }
  return diff;
}

function diffBrands(
  seeded: SeededVintedReference,
  searches: VintedReference['brandSearches'],
): ReferenceDiff['brands'] {
  const diff: ReferenceDiff['brands'] = { new: [], renamed: [] };
  const brands = new Map(seeded.brands.map((b) => [b.id, b]));
  const known = new Set(seeded.brands.flatMap((b) => (b.vintedBrandId === null ? [] : [b.vintedBrandId])));
  for (const { brandId, results } of searches) {
    const brand = brands.get(brandId);
    if (!brand) continue;
    if (brand.vintedBrandId !== null) {
      const found = results.find((r) => r.id === brand.vintedBrandId);
      if (found && found.title !== brand.name) {
        diff.renamed.push({ brandId, code: brand.code, vintedId: found.id, from: brand.name, to: found.title });
      }
      continue;
    }
    const same = results.find((r) => fold(r.title) === fold(brand.name) && !known.has(r.id));
    if (same) diff.new.push({ brandId, code: brand.code, name: brand.name, vintedId: same.id });
  }
  return diff;
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/** What `reference apply` changes for a diff: renames and gone catalogs; "new" and sizes are left to a human. */
export function referenceChanges(diff: ReferenceDiff): VintedReferenceChanges {
  return {
    categoryRenames: diff.renamesHeldBack
      ? []
      : diff.catalogs.renamed.map((r) => ({ id: r.categoryId, from: r.from, to: r.to })),
    brandRenames: diff.brands.renamed.map((r) => ({ id: r.brandId, from: r.from, to: r.to })),
    goneCategoryIds: diff.complete ? diff.catalogs.gone.map((g) => g.categoryId) : [],
  };
}
