import type { ListingAttributes, ProductView } from '@stoflow/catalog';
import { mapToVintedItem, missingForVinted, NotPublishableOnVinted } from './vinted-item.mapper';

import {
  CATEGORIES,
  SIZES,
  FITS,
  NEW_WITH_DEFECTS,
  FARAH,
  BLACK,
  WHITE,
  BLUE,
  COTTON,
  POLYESTER,
  WOOL,
  LINEN,
  UNISEX_ADULT,
  snapshot,
} from './listing-snapshot.fixture';

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
  it('sends the size of the Vinted size group of kids and accessory categories', () => {
    const kids = mapToVintedItem(snapshot({ category: CATEGORIES.girls_skirts, size: SIZES.m }), OPTS);
    expect(kids.size_id).toBe(1570);
    const belt = mapToVintedItem(snapshot({ category: CATEGORIES.men_belts, size: SIZES.belt_75 }), OPTS);
    expect(belt.size_id).toBe(1703);
  });
});

describe('missingForVinted', () => {
  it('treats a required attribute an import could not map as missing, and names the value it was', () => {
    const imported = snapshot(
      { brand: null },
      { brandId: null, unmappedAttributes: [{ attribute: 'brand', vintedId: 999001, title: 'Atelier Inconnu' }] },
    );
    expect(missingForVinted(imported)).toEqual([
      {
        field: 'brandId',
        issue: 'Vinted needs a brand: "Atelier Inconnu" (Vinted id 999001) is not known to StoFlow, choose one',
      },
    ]);
  });

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
    ['a catalog Vinted removed', { category: { ...CATEGORIES.women_tshirts, vintedGoneAt: '2026-12-07T10:00:00.000Z' } }, {}, 'categoryId', 'Vinted no longer has the catalog of Women › T-shirts: choose another category'],
    ['jeans without a fit', { category: CATEGORIES.men_jeans, size: SIZES.w32 }, {}, 'fitId', 'Vinted sorts Men › Jeans by fit: choose a fit'],
    ['jeans in a fit Vinted lacks', { category: CATEGORIES.men_jeans, fit: FITS.regular }, {}, 'fitId', 'Vinted has no Men › Jeans category for the fit "Regular": choose another fit'],
    ['no size', { size: null }, {}, 'sizeId', 'Vinted needs a size for Women › T-shirts'],
    ['a size missing from the group', { category: CATEGORIES.men_jumpers, size: SIZES.xxxs }, {}, 'sizeId', 'Vinted has no size XXXS for Men › Jumpers'],
    ['a women shoe size Vinted lacks', { category: CATEGORIES.women_trainers, size: SIZES.shoe_eu_43_5 }, {}, 'sizeId', 'Vinted has no size EU 43.5 for Women › Trainers & sneakers'],
    ['a shoe size on clothing', { size: SIZES.shoe_eu_38 }, {}, 'sizeId', 'EU 38 is a shoe size: Women › T-shirts needs another size'],
    ['a clothing size on shoes', { category: CATEGORIES.men_trainers }, {}, 'sizeId', 'M is not a shoe size: Men › Trainers & sneakers needs another size'],
    ['a kids size Vinted has no id for', { category: CATEGORIES.girls_skirts, size: SIZES.w32 }, {}, 'sizeId', "Vinted has no size W32 for Girls › Girls' skirts"],
    ['a belt without its size', { category: CATEGORIES.men_belts, size: null }, {}, 'sizeId', 'Vinted needs a size for Men › Belts'],
    ['three colours', { colors: [BLACK, WHITE, BLUE] }, {}, 'colorIds', 'Vinted takes at most 2 colours; this product has 3'],
    ['four materials', { materials: [COTTON, POLYESTER, WOOL, LINEN] }, {}, 'materialIds', 'Vinted takes at most 3 materials; this product has 4'],
    ['a colour without a Vinted id', { colors: [{ ...BLUE, vintedColorId: null }] }, {}, 'colorIds', 'Vinted has no colour "Blue"'],
  ])('reports %s', (_, attributes, product, field, issue) => {
    expect(missingForVinted(snapshot(attributes, product))).toEqual([{ field, issue }]);
  });
});
