import type { AttributeView, ListingAttributes, ListingSnapshot, ProductView } from '@stoflow/catalog';
import { mapToVintedItem, missingForVinted, NotPublishableOnVinted } from './vinted-item.mapper';

// Rows as GetListingSnapshotQuery answers them (camelCased columns), copied from migrations/shared/seeds/*.json with
// the ids the seed migration gives them; only the columns a Vinted listing reads are kept.
// prettier-ignore
const CATEGORIES = {
  women_dresses: { id: 3, code: 'women_dresses', name: 'Dresses', parentId: 2, gender: 'women', vintedCatalogId: 10, vintedLeaf: false, vintedSizeGroupId: 4 },
  women_tshirts: { id: 5, code: 'women_tshirts', name: 'T-shirts', parentId: 4, gender: 'women', vintedCatalogId: 221, vintedLeaf: true, vintedSizeGroupId: 4 },
  women_jeans: { id: 18, code: 'women_jeans', name: 'Jeans', parentId: 2, gender: 'women', vintedCatalogId: 183, vintedLeaf: false, vintedSizeGroupId: 4 },
  women_trainers: { id: 28, code: 'women_trainers', name: 'Trainers & sneakers', parentId: 27, gender: 'women', vintedCatalogId: 2632, vintedLeaf: true, vintedSizeGroupId: 7 },
  men_jumpers: { id: 58, code: 'men_jumpers', name: 'Jumpers', parentId: 57, gender: 'men', vintedCatalogId: 1811, vintedLeaf: true, vintedSizeGroupId: 14 },
  men_blazers: { id: 65, code: 'men_blazers', name: 'Blazers & suit jackets', parentId: 64, gender: 'men', vintedCatalogId: 1786, vintedLeaf: true, vintedSizeGroupId: 75 },
  men_jeans: { id: 67, code: 'men_jeans', name: 'Jeans', parentId: 52, gender: 'men', vintedCatalogId: 257, vintedLeaf: false, vintedSizeGroupId: null },
  men_trousers: { id: 68, code: 'men_trousers', name: 'Trousers', parentId: 52, gender: 'men', vintedCatalogId: 34, vintedLeaf: false, vintedSizeGroupId: null },
  men_chinos: { id: 69, code: 'men_chinos', name: 'Chinos', parentId: 68, gender: 'men', vintedCatalogId: 1820, vintedLeaf: true, vintedSizeGroupId: 77 },
  men_trainers: { id: 76, code: 'men_trainers', name: 'Trainers & sneakers', parentId: 75, gender: 'men', vintedCatalogId: 1242, vintedLeaf: true, vintedSizeGroupId: 38 },
  men_belts: { id: 86, code: 'men_belts', name: 'Belts', parentId: 82, gender: 'men', vintedCatalogId: 96, vintedLeaf: true, vintedSizeGroupId: 63 },
  men_ties: { id: 92, code: 'men_ties', name: 'Ties & bow ties', parentId: 82, gender: 'men', vintedCatalogId: 2956, vintedLeaf: true, vintedSizeGroupId: null },
  girls_skirts: { id: 102, code: 'girls_skirts', name: "Girls' skirts", parentId: 96, gender: 'girls', vintedCatalogId: 1248, vintedLeaf: true, vintedSizeGroupId: 32 },
} satisfies Record<string, AttributeView>;

// prettier-ignore
const SIZES = {
  xxxs: { id: 1, code: 'xxxs', name: 'XXXS', sizeGroup: 'letter', vintedWomenId: 1226, vintedMenId: null, vintedMenBottomsId: null, vintedMenShirtsId: null, vintedMenTailoringId: null },
  m: { id: 5, code: 'm', name: 'M', sizeGroup: 'letter', vintedWomenId: 4, vintedMenId: 208, vintedMenBottomsId: 1652, vintedMenShirtsId: 1547, vintedMenTailoringId: 1611 },
  w32: { id: 56, code: 'w32', name: 'W32', sizeGroup: 'jeans_waist', vintedWomenId: null, vintedMenId: null, vintedMenBottomsId: 1640, vintedMenShirtsId: null, vintedMenTailoringId: null },
  shoe_eu_38: { id: 30, code: 'shoe_eu_38', name: 'EU 38', sizeGroup: 'shoe_eu', vintedWomenId: 58, vintedMenId: 776, vintedMenBottomsId: null, vintedMenShirtsId: null, vintedMenTailoringId: null },
  shoe_eu_43_5: { id: 41, code: 'shoe_eu_43_5', name: 'EU 43.5', sizeGroup: 'shoe_eu', vintedWomenId: null, vintedMenId: 787, vintedMenBottomsId: null, vintedMenShirtsId: null, vintedMenTailoringId: null },
} satisfies Record<string, AttributeView>;

// prettier-ignore
const FITS = {
  skinny: { id: 1, code: 'skinny', name: 'Skinny', vintedWomenJeansCatalogId: 1844, vintedMenJeansCatalogId: 1817, vintedWomenTrousersCatalogId: 185, vintedMenTrousersCatalogId: 259 },
  slim: { id: 2, code: 'slim', name: 'Slim', vintedWomenJeansCatalogId: null, vintedMenJeansCatalogId: 1818, vintedWomenTrousersCatalogId: null, vintedMenTrousersCatalogId: null },
  regular: { id: 4, code: 'regular', name: 'Regular', vintedWomenJeansCatalogId: null, vintedMenJeansCatalogId: null, vintedWomenTrousersCatalogId: null, vintedMenTrousersCatalogId: null },
  wide_leg: { id: 8, code: 'wide_leg', name: 'Wide leg', vintedWomenJeansCatalogId: null, vintedMenJeansCatalogId: null, vintedWomenTrousersCatalogId: 1071, vintedMenTrousersCatalogId: 260 },
} satisfies Record<string, AttributeView>;

const VERY_GOOD = { id: 4, code: 'very_good', name: 'Very good', vintedStatusId: 2 };
const NEW_WITH_DEFECTS = { id: 3, code: 'new_with_defects', name: 'New with defects', vintedStatusId: null };
const NIKE = { id: 1, code: 'nike', name: 'Nike', vintedBrandId: 53 };
const FARAH = { id: 180, code: 'farah', name: 'Farah', vintedBrandId: null };
const BLACK = { id: 1, code: 'black', name: 'Black', vintedColorId: 1 };
const WHITE = { id: 3, code: 'white', name: 'White', vintedColorId: 12 };
const BLUE = { id: 16, code: 'blue', name: 'Blue', vintedColorId: 9 };
const COTTON = { id: 1, code: 'cotton', name: 'Cotton', vintedMaterialId: 44 };
const POLYESTER = { id: 2, code: 'polyester', name: 'Polyester', vintedMaterialId: 45 };
const WOOL = { id: 3, code: 'wool', name: 'Wool', vintedMaterialId: 46 };
const LINEN = { id: 6, code: 'linen', name: 'Linen', vintedMaterialId: 146 };
const UNISEX_ADULT = {
  id: 5,
  code: 'unisex_adult',
  name: 'Unisex (adult)',
  vintedCatalogId: null,
  vintedIsUnisex: true,
};

const PRODUCT: ProductView = {
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
  weightGrams: 180,
  stockQuantity: 1,
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

const ATTRIBUTES: ListingAttributes = {
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

function snapshot(attributes: Partial<ListingAttributes> = {}, product: Partial<ProductView> = {}): ListingSnapshot {
  return { product: { ...PRODUCT, ...product }, attributes: { ...ATTRIBUTES, ...attributes } };
}

const OPTS = { photoIds: [9001, 9002], tempUuid: '5c1d1f7e-2b8a-4a57-9a51-0e6c2f3d8b44' };

describe('mapToVintedItem', () => {
  it('maps a complete product to the create payload, price and order of colours untouched', () => {
    expect(mapToVintedItem(snapshot(), OPTS)).toEqual({
      id: null,
      title: 'Nike T-shirt noir logo brodé',
      description: 'Porté deux fois, aucun défaut.',
      price: '12.50',
      currency: 'EUR',
      catalog_id: 221,
      brand_id: 53,
      size_id: 4,
      status_id: 2,
      package_size_id: 1,
      color_ids: [1, 12],
      assigned_photos: [
        { id: 9001, orientation: 0 },
        { id: 9002, orientation: 0 },
      ],
      item_attributes: [{ code: 'material', ids: [44] }],
      is_unisex: false,
      temp_uuid: OPTS.tempUuid,
    });
  });

  it.each([
    ['women clothing (group 4)', CATEGORIES.women_tshirts, SIZES.m, null, 221, 4],
    ['women shoes (group 7)', CATEGORIES.women_trainers, SIZES.shoe_eu_38, null, 2632, 58],
    ['men clothing (group 14)', CATEGORIES.men_jumpers, SIZES.m, null, 1811, 208],
    ['men shoes (group 38)', CATEGORIES.men_trainers, SIZES.shoe_eu_43_5, null, 1242, 787],
    ['men tailoring (group 75)', CATEGORIES.men_blazers, SIZES.m, null, 1786, 1611],
    ['men bottoms (group 77)', CATEGORIES.men_chinos, SIZES.w32, null, 1820, 1640],
    ['women jeans by fit', CATEGORIES.women_jeans, SIZES.m, FITS.skinny, 1844, 4],
    ['men jeans by fit, sized in group 77', CATEGORIES.men_jeans, SIZES.w32, FITS.slim, 1818, 1640],
    ['men trousers by fit, sized in group 77', CATEGORIES.men_trousers, SIZES.m, FITS.wide_leg, 260, 1652],
    ['a fit on a category Vinted does not split by fit', CATEGORIES.men_chinos, SIZES.w32, FITS.skinny, 1820, 1640],
    ['a category without sizes', CATEGORIES.men_ties, SIZES.m, null, 2956, null],
  ])('%s → catalog_id and size_id', (_, category, size, fit, catalogId, sizeId) => {
    const item = mapToVintedItem(snapshot({ category, size, fit }), OPTS);
    expect([item.catalog_id, item.size_id]).toEqual([catalogId, sizeId]);
  });

  it('sends a brand Vinted has no id for by its title', () => {
    const item = mapToVintedItem(snapshot({ brand: FARAH }), OPTS);
    expect(item).toMatchObject({ brand_id: null, brand: 'Farah' });
  });

  it('omits what the product does not have, and flags a unisex product', () => {
    const item = mapToVintedItem(snapshot({ colors: [], materials: [], gender: UNISEX_ADULT }), OPTS);
    expect(item).toMatchObject({ color_ids: [], item_attributes: [], is_unisex: true });
    expect(item).not.toHaveProperty('brand');
  });

  it('maps up to 3 materials, a large parcel and a price with many digits', () => {
    const item = mapToVintedItem(
      snapshot({ materials: [COTTON, POLYESTER, WOOL] }, { packageSize: 'large', price: '1234567890.05' }),
      OPTS,
    );
    expect(item).toMatchObject({
      item_attributes: [{ code: 'material', ids: [44, 45, 46] }],
      package_size_id: 3,
      price: '1234567890.05',
    });
  });

  it('carries the Vinted item id of an edit', () => {
    expect(mapToVintedItem(snapshot(), { ...OPTS, itemId: '4412345678' }).id).toBe(4412345678);
    expect(() => mapToVintedItem(snapshot(), { ...OPTS, itemId: '44/delete' })).toThrow(RangeError);
  });

  it('refuses an incomplete product with every issue, and a product whose photos were not uploaded', () => {
    const incomplete = snapshot({ condition: NEW_WITH_DEFECTS, size: null });
    expect(() => mapToVintedItem(incomplete, OPTS)).toThrow(NotPublishableOnVinted);
    expect(() => mapToVintedItem(incomplete, OPTS)).toThrow(
      expect.objectContaining({ status: 422, details: missingForVinted(incomplete) }),
    );
    expect(() => mapToVintedItem(snapshot(), { ...OPTS, photoIds: [] })).toThrow(
      expect.objectContaining({ details: [{ field: 'images', issue: 'No photo has been uploaded to Vinted' }] }),
    );
  });
});

describe('missingForVinted', () => {
  it('accepts a complete product', () => {
    expect(missingForVinted(snapshot())).toEqual([]);
  });

  it('lists everything a bare draft lacks at once', () => {
    const bare = snapshot(
      { brand: null, category: null, condition: null, size: null, colors: [], materials: [] },
      { title: '  ', description: '', images: [], packageSize: null },
    );
    expect(missingForVinted(bare)).toEqual([
      { field: 'title', issue: 'Vinted needs a title' },
      { field: 'description', issue: 'Vinted needs a description (at least 5 characters)' },
      { field: 'categoryId', issue: 'Vinted needs a category' },
      { field: 'conditionId', issue: 'Vinted needs a condition' },
      { field: 'brandId', issue: 'Vinted needs a brand' },
      { field: 'images', issue: 'Vinted needs at least one photo' },
      { field: 'packageSize', issue: 'Vinted needs a parcel size (small, medium or large)' },
    ]);
  });

  // prettier-ignore
  it.each<[string, Partial<ListingAttributes>, Partial<ProductView>, string, string]>([
    ['a short description', {}, { description: 'Top' }, 'description', 'Vinted needs a description (at least 5 characters)'],
    ['a zero price', {}, { price: '0.00' }, 'price', 'Vinted needs a price above zero'],
    ['a condition Vinted lacks', { condition: NEW_WITH_DEFECTS }, {}, 'conditionId', 'Vinted has no "New with defects" condition: choose another one'],
    ['a category Vinted splits further', { category: CATEGORIES.women_dresses }, {}, 'categoryId', 'Vinted needs a more specific category than Women › Dresses'],
    ['jeans without a fit', { category: CATEGORIES.men_jeans, size: SIZES.w32 }, {}, 'fitId', 'Vinted sorts Men › Jeans by fit: choose a fit'],
    ['jeans in a fit Vinted lacks', { category: CATEGORIES.men_jeans, fit: FITS.regular }, {}, 'fitId', 'Vinted has no Men › Jeans category for the fit "Regular": choose another fit'],
    ['no size', { size: null }, {}, 'sizeId', 'Vinted needs a size for Women › T-shirts'],
    ['a size missing from the group', { category: CATEGORIES.men_jumpers, size: SIZES.xxxs }, {}, 'sizeId', 'Vinted has no size XXXS for Men › Jumpers'],
    ['a women shoe size Vinted lacks', { category: CATEGORIES.women_trainers, size: SIZES.shoe_eu_43_5 }, {}, 'sizeId', 'Vinted has no size EU 43.5 for Women › Trainers & sneakers'],
    ['a shoe size on clothing', { size: SIZES.shoe_eu_38 }, {}, 'sizeId', 'EU 38 is a shoe size: Women › T-shirts needs another size'],
    ['a clothing size on shoes', { category: CATEGORIES.men_trainers }, {}, 'sizeId', 'M is not a shoe size: Men › Trainers & sneakers needs another size'],
    ['kids sizes', { category: CATEGORIES.girls_skirts }, {}, 'sizeId', "StoFlow cannot give Vinted a size for Girls › Girls' skirts yet"],
    ['belt sizes', { category: CATEGORIES.men_belts, size: null }, {}, 'sizeId', 'StoFlow cannot give Vinted a size for Men › Belts yet'],
    ['three colours', { colors: [BLACK, WHITE, BLUE] }, {}, 'colorIds', 'Vinted takes at most 2 colours; this product has 3'],
    ['four materials', { materials: [COTTON, POLYESTER, WOOL, LINEN] }, {}, 'materialIds', 'Vinted takes at most 3 materials; this product has 4'],
    ['a colour without a Vinted id', { colors: [{ ...BLUE, vintedColorId: null }] }, {}, 'colorIds', 'Vinted has no colour "Blue"'],
  ])('reports %s', (_, attributes, product, field, issue) => {
    expect(missingForVinted(snapshot(attributes, product))).toEqual([{ field, issue }]);
  });
});
