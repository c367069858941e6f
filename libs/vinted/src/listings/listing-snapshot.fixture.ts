import type { AttributeView, ListingAttributes, ListingSnapshot, ProductView } from '@stoflow/catalog';

// Rows as GetListingSnapshotQuery answers them (camelCased columns), copied from migrations/shared/seeds/*.json with
// the ids the seed migration gives them; only the columns a Vinted listing reads are kept. A complete product
// uses them: what the Vinted specs map from.
export const CATEGORIES = {
  women_dresses: {
    id: 3,
    code: 'women_dresses',
    name: 'Dresses',
    parentId: 2,
    gender: 'women',
    vintedCatalogId: 10,
    vintedLeaf: false,
    vintedSizeGroupId: 4,
  },
  women_tshirts: {
    id: 5,
    code: 'women_tshirts',
    name: 'T-shirts',
    parentId: 4,
    gender: 'women',
    vintedCatalogId: 221,
    vintedLeaf: true,
    vintedSizeGroupId: 4,
  },
  women_jeans: {
    id: 18,
    code: 'women_jeans',
    name: 'Jeans',
    parentId: 2,
    gender: 'women',
    vintedCatalogId: 183,
    vintedLeaf: false,
    vintedSizeGroupId: 4,
  },
  women_trainers: {
    id: 28,
    code: 'women_trainers',
    name: 'Trainers & sneakers',
    parentId: 27,
    gender: 'women',
    vintedCatalogId: 2632,
    vintedLeaf: true,
    vintedSizeGroupId: 7,
  },
  men_jumpers: {
    id: 58,
    code: 'men_jumpers',
    name: 'Jumpers',
    parentId: 57,
    gender: 'men',
    vintedCatalogId: 1811,
    vintedLeaf: true,
    vintedSizeGroupId: 14,
  },
  men_blazers: {
    id: 65,
    code: 'men_blazers',
    name: 'Blazers & suit jackets',
    parentId: 64,
    gender: 'men',
    vintedCatalogId: 1786,
    vintedLeaf: true,
    vintedSizeGroupId: 75,
  },
  men_jeans: {
    id: 67,
    code: 'men_jeans',
    name: 'Jeans',
    parentId: 52,
    gender: 'men',
    vintedCatalogId: 257,
    vintedLeaf: false,
    vintedSizeGroupId: null,
  },
  men_trousers: {
    id: 68,
    code: 'men_trousers',
    name: 'Trousers',
    parentId: 52,
    gender: 'men',
    vintedCatalogId: 34,
    vintedLeaf: false,
    vintedSizeGroupId: null,
  },
  men_chinos: {
    id: 69,
    code: 'men_chinos',
    name: 'Chinos',
    parentId: 68,
    gender: 'men',
    vintedCatalogId: 1820,
    vintedLeaf: true,
    vintedSizeGroupId: 77,
  },
  men_trainers: {
    id: 76,
    code: 'men_trainers',
    name: 'Trainers & sneakers',
    parentId: 75,
    gender: 'men',
    vintedCatalogId: 1242,
    vintedLeaf: true,
    vintedSizeGroupId: 38,
  },
  men_belts: {
    id: 86,
    code: 'men_belts',
    name: 'Belts',
    parentId: 82,
    gender: 'men',
    vintedCatalogId: 96,
    vintedLeaf: true,
    vintedSizeGroupId: 63,
  },
  men_ties: {
    id: 92,
    code: 'men_ties',
    name: 'Ties & bow ties',
    parentId: 82,
    gender: 'men',
    vintedCatalogId: 2956,
    vintedLeaf: true,
    vintedSizeGroupId: null,
  },
  girls_skirts: {
    id: 102,
    code: 'girls_skirts',
    name: "Girls' skirts",
    parentId: 96,
    gender: 'girls',
    vintedCatalogId: 1248,
    vintedLeaf: true,
    vintedSizeGroupId: 32,
  },
} satisfies Record<string, AttributeView>;

// prettier-ignore
export const SIZES = {
  xxxs: { id: 1, code: 'xxxs', name: 'XXXS', sizeGroup: 'letter', vintedWomenId: 1226, vintedMenId: null, vintedMenBottomsId: null, vintedMenShirtsId: null, vintedMenTailoringId: null },
  m: { id: 5, code: 'm', name: 'M', sizeGroup: 'letter', vintedWomenId: 4, vintedMenId: 208, vintedMenBottomsId: 1652, vintedMenShirtsId: 1547, vintedMenTailoringId: 1611, vintedKidsId: 1570 },
  belt_75: { id: 200, code: 'belt_75', name: '75 cm', sizeGroup: 'belt_cm', vintedWomenBeltsId: 1448, vintedMenBeltsId: 1703 },
  w32: { id: 56, code: 'w32', name: 'W32', sizeGroup: 'jeans_waist', vintedWomenId: null, vintedMenId: null, vintedMenBottomsId: 1640, vintedMenShirtsId: null, vintedMenTailoringId: null },
  shoe_eu_38: { id: 30, code: 'shoe_eu_38', name: 'EU 38', sizeGroup: 'shoe_eu', vintedWomenId: 58, vintedMenId: 776, vintedMenBottomsId: null, vintedMenShirtsId: null, vintedMenTailoringId: null },
  shoe_eu_43_5: { id: 41, code: 'shoe_eu_43_5', name: 'EU 43.5', sizeGroup: 'shoe_eu', vintedWomenId: null, vintedMenId: 787, vintedMenBottomsId: null, vintedMenShirtsId: null, vintedMenTailoringId: null },
} satisfies Record<string, AttributeView>;

// prettier-ignore
export const FITS = {
  skinny: { id: 1, code: 'skinny', name: 'Skinny', vintedWomenJeansCatalogId: 1844, vintedMenJeansCatalogId: 1817, vintedWomenTrousersCatalogId: 185, vintedMenTrousersCatalogId: 259 },
  slim: { id: 2, code: 'slim', name: 'Slim', vintedWomenJeansCatalogId: null, vintedMenJeansCatalogId: 1818, vintedWomenTrousersCatalogId: null, vintedMenTrousersCatalogId: null },
  regular: { id: 4, code: 'regular', name: 'Regular', vintedWomenJeansCatalogId: null, vintedMenJeansCatalogId: null, vintedWomenTrousersCatalogId: null, vintedMenTrousersCatalogId: null },
  wide_leg: { id: 8, code: 'wide_leg', name: 'Wide leg', vintedWomenJeansCatalogId: null, vintedMenJeansCatalogId: null, vintedWomenTrousersCatalogId: 1071, vintedMenTrousersCatalogId: 260 },
} satisfies Record<string, AttributeView>;

export const VERY_GOOD = { id: 4, code: 'very_good', name: 'Very good', vintedStatusId: 2 };
export const NEW_WITH_DEFECTS = { id: 3, code: 'new_with_defects', name: 'New with defects', vintedStatusId: null };
export const NIKE = { id: 1, code: 'nike', name: 'Nike', vintedBrandId: 53 };
export const FARAH = { id: 180, code: 'farah', name: 'Farah', vintedBrandId: null };
export const BLACK = { id: 1, code: 'black', name: 'Black', vintedColorId: 1 };
export const WHITE = { id: 3, code: 'white', name: 'White', vintedColorId: 12 };
export const BLUE = { id: 16, code: 'blue', name: 'Blue', vintedColorId: 9 };
export const COTTON = { id: 1, code: 'cotton', name: 'Cotton', vintedMaterialId: 44 };
export const POLYESTER = { id: 2, code: 'polyester', name: 'Polyester', vintedMaterialId: 45 };
export const WOOL = { id: 3, code: 'wool', name: 'Wool', vintedMaterialId: 46 };
export const LINEN = { id: 6, code: 'linen', name: 'Linen', vintedMaterialId: 146 };
export const UNISEX_ADULT = {
  id: 5,
  code: 'unisex_adult',
  name: 'Unisex (adult)',
  vintedCatalogId: null,
  vintedIsUnisex: true,
};

export const PRODUCT: ProductView = {
  id: '0b4f4a4e-4d57-4f0e-9d3c-5f8f4b1e2a10',
  sku: 'SKU-0001',
  title: 'Nike T-shirt noir logo brodé',
  description: 'Porté deux fois, aucun défaut.',
  price: '12.50',
  currency: 'EUR',
  brandId: NIKE.id,
  categoryId: CATEGORIES.women_tshirts.id,
  conditionId: VERY_GOOD.id,
  colorIds: [BLACK.id, WHITE.id],
  materialIds: [COTTON.id],
  sizeId: SIZES.m.id,
  genderId: null,
  seasonId: null,
  fitId: null,
  packageSize: 'small',
  whenMade: null,
  weightGrams: 180,
  stockQuantity: 1,
  relistOnCancel: false,
  unmappedAttributes: [],
  status: 'active',
  version: 3,
  images: [
    { id: 'img-1', url: 'https://media.example/1.jpg', position: 0 },
    { id: 'img-2', url: 'https://media.example/2.jpg', position: 1 },
  ],
  listings: [],
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
};

export const ATTRIBUTES: ListingAttributes = {
  brand: NIKE,
  category: CATEGORIES.women_tshirts,
  condition: VERY_GOOD,
  size: SIZES.m,
  gender: null,
  season: null,
  fit: null,
  colors: [BLACK, WHITE],
  materials: [COTTON],
};

export function snapshot(
  attributes: Partial<ListingAttributes> = {},
  product: Partial<ProductView> = {},
): ListingSnapshot {
  return { product: { ...PRODUCT, ...product }, attributes: { ...ATTRIBUTES, ...attributes } };
}
