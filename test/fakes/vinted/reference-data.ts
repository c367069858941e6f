/**
 * Vinted's reference lists as the fake serves them, built from StoFlow's own seed files (migrations/shared/seeds):
 * the catalog tree of the seeded categories (a node's title is the last part of its `vintedPath`, its parent the
 * nearest seeded ancestor with a catalog id), the size groups the seeded sizes sit in, and the seeded brands.
 * Against an untouched fake, a refresh finds nothing to change; tests rename or remove entries to make it find some.
 */
import brandSeeds from '../../../migrations/shared/seeds/brands.json';
import categorySeeds from '../../../migrations/shared/seeds/categories.json';
import sizeSeeds from '../../../migrations/shared/seeds/sizes.json';

export interface FakeCatalog {
  id: number;
  title: string;
  parentId: number | null;
}

export interface FakeSizeGroup {
  id: number;
  caption: string;
  sizes: { id: number; title: string }[];
}

export interface FakeBrand {
  id: number;
  title: string;
}

/** Vinted's size groups and the seed field holding each one's ids (seeds/README.md, sizes.json). */
const SIZE_GROUPS: { id: number; caption: string; field: string; shoes: boolean }[] = [
  { id: 4, caption: 'Women', field: 'vintedWomenId', shoes: false },
  { id: 7, caption: 'Women shoes', field: 'vintedWomenId', shoes: true },
  { id: 14, caption: 'Men', field: 'vintedMenId', shoes: false },
  { id: 38, caption: 'Men shoes', field: 'vintedMenId', shoes: true },
  { id: 74, caption: 'Men shirts', field: 'vintedMenShirtsId', shoes: false },
  { id: 75, caption: 'Men tailoring', field: 'vintedMenTailoringId', shoes: false },
  { id: 77, caption: 'Men bottoms', field: 'vintedMenBottomsId', shoes: false },
  { id: 32, caption: 'Kids', field: 'vintedKidsId', shoes: false },
  { id: 31, caption: 'Kids shoes', field: 'vintedKidsShoesId', shoes: true },
  { id: 53, caption: 'Bras', field: 'vintedBrasId', shoes: false },
  { id: 52, caption: 'Rings', field: 'vintedRingsId', shoes: false },
  { id: 60, caption: 'Hats', field: 'vintedHatsId', shoes: false },
  { id: 61, caption: 'Gloves', field: 'vintedGlovesId', shoes: false },
  { id: 62, caption: 'Watches', field: 'vintedWatchesId', shoes: false },
  { id: 64, caption: 'Women belts', field: 'vintedWomenBeltsId', shoes: false },
  { id: 63, caption: 'Men belts', field: 'vintedMenBeltsId', shoes: false },
  { id: 72, caption: 'Women socks', field: 'vintedWomenSocksId', shoes: false },
  { id: 73, caption: 'Men socks', field: 'vintedMenSocksId', shoes: false },
];

type Seed = Record<string, unknown>;

export function seededCatalogs(): FakeCatalog[] {
  const rows = categorySeeds as Seed[];
  const byCode = new Map(rows.map((r) => [r.code as string, r]));
  const catalogOf = (code: unknown): number | null => {
    for (let row = byCode.get(code as string); row; row = byCode.get(row.parentCode as string)) {
      if (typeof row.vintedCatalogId === 'number') return row.vintedCatalogId;
    }
    return null;
  };
  return rows.flatMap((row) =>
    typeof row.vintedCatalogId === 'number'
      ? [
          {
            id: row.vintedCatalogId,
            title: String(row.vintedPath ?? row.name)
              .split(' > ')
              .pop()!
              .trim(),
            parentId: row.parentCode ? catalogOf(row.parentCode) : null,
          },
        ]
      : [],
  );
}

export function seededSizeGroups(): FakeSizeGroup[] {
  return SIZE_GROUPS.map(({ id, caption, field, shoes }) => {
    const sizes = new Map<number, string>();
    for (const row of sizeSeeds as Seed[]) {
      const sizeId = row[field];
      if (typeof sizeId !== 'number' || (row.group === 'shoe_eu') !== shoes || sizes.has(sizeId)) continue;
      sizes.set(sizeId, String(row.nameFr ?? row.name));
    }
    return { id, caption, sizes: [...sizes].map(([sizeId, title]) => ({ id: sizeId, title })) };
  });
}

export function seededBrands(): FakeBrand[] {
  return (brandSeeds as Seed[]).flatMap((row) =>
    typeof row.vintedBrandId === 'number' ? [{ id: row.vintedBrandId, title: String(row.name) }] : [],
  );
}

/** `{catalogs: [...]}` nested as Vinted answers the sell form's tree: each node with its `catalogs`. */
export function catalogTreeJson(catalogs: FakeCatalog[]): { catalogs: unknown[] } {
  const children = new Map<number | null, FakeCatalog[]>();
  for (const c of catalogs) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const node = (c: FakeCatalog): unknown => ({
    id: c.id,
    title: c.title,
    code: c.title.toUpperCase().replace(/[^A-Z0-9]+/g, '_'),
    catalogs: (children.get(c.id) ?? []).map(node),
  });
  return { catalogs: (children.get(null) ?? []).map(node) };
}

/** Accents and case aside, as Vinted's brand search matches. */
export function foldTitle(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
