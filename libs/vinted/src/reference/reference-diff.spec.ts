import type { SeededVintedReference } from '@stoflow/catalog';
import { diffVintedReference, isEmptyDiff, referenceChanges, VintedReference } from './reference-diff';

const seeded: SeededVintedReference = {
  categories: [
    cat(1, 'women', 1904, 'Women'),
    cat(2, 'women_dresses', 10, 'Women > Dresses'),
    cat(3, 'women_dresses_mini', 178, 'Women > Dresses > Mini-dresses'),
    cat(4, 'women_dresses_denim', 179, 'Women > Dresses > Denim dresses'),
    { ...cat(5, 'women_old', 999, 'Women > Old'), vintedGoneAt: '2026-12-01T00:00:00.000Z' },
  ],
  sizes: [
    { id: 1, code: 's', name: 'S', shoe: false, vintedIds: { vintedWomenId: 3, vintedMenId: 207 } },
    { id: 2, code: 'eu_36', name: '36', shoe: false, vintedIds: { vintedWomenId: 3 } },
    { id: 3, code: 'shoe_38', name: '38', shoe: true, vintedIds: { vintedWomenId: 58 } },
  ],
  brands: [
    { id: 1, code: 'nike', name: 'Nike', vintedBrandId: 53 },
    { id: 2, code: 'farah', name: 'Farah', vintedBrandId: null },
  ],
};

const tree = [
  { id: 1904, title: 'Women', parentId: null },
  { id: 10, title: 'Dresses', parentId: 1904 },
  { id: 178, title: 'Mini-dresses', parentId: 10 },
  { id: 179, title: 'Denim dresses', parentId: 10 },
];
const sizeGroups = [
  { id: 4, title: 'Women', sizes: [{ id: 3, title: 'S / 36 / 8' }] },
  { id: 7, title: 'Women shoes', sizes: [{ id: 58, title: '38' }] },
  { id: 14, title: 'Men', sizes: [{ id: 207, title: 'S' }] },
];

function cat(id: number, code: string, vintedCatalogId: number, vintedPath: string) {
  return {
    id,
    code,
    name: vintedPath.split(' > ').pop()!,
    vintedCatalogId,
    vintedPath,
    vintedTitle: vintedPath.split(' > ').pop()!,
    vintedGoneAt: null,
  };
}

function vinted(changes: Partial<VintedReference> = {}): VintedReference {
  return {
    catalogs: tree,
    sizeGroups,
    brandSearches: [
      {
        brandId: 1,
        results: [
          { id: 53, title: 'Nike' },
          { id: 54, title: 'Nike ACG' },
        ],
      },
    ],
    complete: true,
    ...changes,
  };
}

describe('diffVintedReference', () => {
  it('finds nothing when Vinted says what the seeds say (a catalog already marked gone is not reported again)', () => {
    expect(isEmptyDiff(diffVintedReference(seeded, vinted()))).toBe(true);
  });

  it('reports a renamed catalog, a gone one and a new one right below a seeded catalog', () => {
    const changed = [
      ...tree.filter((n) => n.id !== 178).map((n) => (n.id === 179 ? { ...n, title: 'Denim & chambray' } : n)),
      { id: 2000, title: 'Wrap dresses', parentId: 10 },
      { id: 2001, title: 'Below the new one', parentId: 2000 },
      { id: 3000, title: 'Home', parentId: null },
    ];
    const diff = diffVintedReference(seeded, vinted({ catalogs: changed }));
    expect(diff.catalogs).toEqual({
      renamed: [
        { categoryId: 4, code: 'women_dresses_denim', vintedId: 179, from: 'Denim dresses', to: 'Denim & chambray' },
      ],
      gone: [{ categoryId: 3, code: 'women_dresses_mini', vintedId: 178, title: 'Mini-dresses' }],
      new: [{ vintedId: 2000, title: 'Wrap dresses', parentVintedId: 10, parentCode: 'women_dresses' }],
    });
    expect(referenceChanges(diff)).toEqual({
      categoryRenames: [{ id: 4, from: 'Denim dresses', to: 'Denim & chambray' }],
      brandRenames: [],
      goneCategoryIds: [3],
    });
  });

  it('reports nothing gone from an incomplete refresh, only what it did read', () => {
    const partial = tree.filter((n) => n.id !== 178).map((n) => (n.id === 179 ? { ...n, title: 'Denim' } : n));
    const diff = diffVintedReference(seeded, vinted({ catalogs: partial, sizeGroups: [], complete: false }));
    expect(diff.catalogs.gone).toEqual([]);
    expect(diff.sizes.gone).toEqual([]);
    expect(diff.catalogs.renamed.map((r) => r.code)).toEqual(['women_dresses_denim']);
    expect(referenceChanges(diff).goneCategoryIds).toEqual([]);
    // A refresh that never read the tree says nothing about catalogs at all.
    expect(diffVintedReference(seeded, vinted({ catalogs: null, complete: false })).catalogs).toEqual({
      new: [],
      renamed: [],
      gone: [],
    });
  });

  it('compares sizes group by group: shoe sizes in the shoe group, one id shared by two sizes reported once', () => {
    const diff = diffVintedReference(
      seeded,
      vinted({
        sizeGroups: [
          { id: 4, title: 'Women', sizes: [{ id: 1227, title: '6XL' }] },
          { id: 7, title: 'Women shoes', sizes: [{ id: 58, title: '38' }] },
          { id: 14, title: 'Men', sizes: [{ id: 207, title: 'S' }] },
        ],
      }),
    );
    expect(diff.sizes).toEqual({
      new: [{ groupId: 4, vintedId: 1227, title: '6XL' }],
      gone: [{ groupId: 4, vintedId: 3, codes: ['s', 'eu_36'] }],
    });
  });

  it('reports a renamed brand and a Vinted id for a seeded brand without one, never a brand gone', () => {
    const diff = diffVintedReference(
      seeded,
      vinted({
        brandSearches: [
          { brandId: 1, results: [{ id: 53, title: 'NIKE' }] },
          {
            brandId: 2,
            results: [
              { id: 77, title: 'farah' },
              { id: 78, title: 'Farah Vintage' },
            ],
          },
        ],
      }),
    );
    expect(diff.brands).toEqual({
      renamed: [{ brandId: 1, code: 'nike', vintedId: 53, from: 'Nike', to: 'NIKE' }],
      new: [{ brandId: 2, code: 'farah', name: 'Farah', vintedId: 77 }],
    });
    const missed = diffVintedReference(seeded, vinted({ brandSearches: [{ brandId: 1, results: [] }] }));
    expect(missed.brands).toEqual({ renamed: [], new: [] });
  });

  it('holds the renames back when most titles changed at once (a Vinted site in another language)', () => {
    const many = Array.from({ length: 20 }, (_, i) => cat(10 + i, `c${i}`, 5000 + i, `Women > C${i}`));
    const french = [
      ...tree,
      ...many.map((c) => ({ id: c.vintedCatalogId, title: `Fr ${c.vintedTitle}`, parentId: 1904 })),
    ];
    const diff = diffVintedReference(
      { ...seeded, categories: [...seeded.categories, ...many] },
      vinted({ catalogs: french }),
    );
    expect(diff.catalogs.renamed).toHaveLength(20);
    expect(diff.renamesHeldBack).toBe(true);
    expect(referenceChanges(diff).categoryRenames).toEqual([]);
    expect(diffVintedReference(seeded, vinted()).renamesHeldBack).toBe(false);
  });
});
