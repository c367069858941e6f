/**
 * Which `sizes` column holds the Vinted ids of each Vinted size group (seeds/README.md, sizes.json), and whether
 * the group takes shoe sizes (`shoe_eu`) or only other sizes. The catalog filters sizes by a category's group with
 * it; the Vinted mapper sends the id from the same column.
 */
export const VINTED_SIZE_GROUPS: Readonly<Record<number, { column: string; shoes: boolean }>> = {
  4: { column: 'vintedWomenId', shoes: false },
  7: { column: 'vintedWomenId', shoes: true },
  14: { column: 'vintedMenId', shoes: false },
  38: { column: 'vintedMenId', shoes: true },
  74: { column: 'vintedMenShirtsId', shoes: false },
  75: { column: 'vintedMenTailoringId', shoes: false },
  77: { column: 'vintedMenBottomsId', shoes: false },
  32: { column: 'vintedKidsId', shoes: false },
  31: { column: 'vintedKidsShoesId', shoes: true },
  53: { column: 'vintedBrasId', shoes: false },
  52: { column: 'vintedRingsId', shoes: false },
  60: { column: 'vintedHatsId', shoes: false },
  61: { column: 'vintedGlovesId', shoes: false },
  62: { column: 'vintedWatchesId', shoes: false },
  64: { column: 'vintedWomenBeltsId', shoes: false },
  63: { column: 'vintedMenBeltsId', shoes: false },
  72: { column: 'vintedWomenSocksId', shoes: false },
  73: { column: 'vintedMenSocksId', shoes: false },
};

/** men's trousers/jeans sub-catalogs use group 77, though their parent nodes name no group. */
export const VINTED_MEN_BOTTOMS_GROUP = 77;
