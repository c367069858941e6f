import type { VintedItemDetails } from '../vinted-web/vinted-web.client';
import {
  BLACK,
  BLUE,
  CATEGORIES,
  COTTON,
  FARAH,
  FITS,
  NIKE,
  POLYESTER,
  SIZES,
  VERY_GOOD,
  WHITE,
} from '../listings/listing-snapshot.fixture';
import { mapImportedItem, twoDecimals } from './imported-item.mapper';
import { buildVintedReference } from './vinted-reference';

const ref = buildVintedReference({
  brands: [NIKE, FARAH],
  conditions: [VERY_GOOD],
  colors: [BLACK, WHITE, BLUE],
  materials: [COTTON, POLYESTER],
  categories: Object.values(CATEGORIES),
  fits: Object.values(FITS),
  sizes: Object.values(SIZES),
});

const item: VintedItemDetails = {
  id: '5100000001',
  title: 'T-shirt noir Nike',
  description: 'Porté deux fois, comme neuf.',
  price: '12.5',
  currency: 'EUR',
  url: 'https://www.vinted.fr/items/5100000001-t-shirt-noir-nike',
  catalogId: CATEGORIES.women_tshirts.vintedCatalogId,
  brandId: NIKE.vintedBrandId,
  brandTitle: 'Nike',
  sizeId: SIZES.m.vintedWomenId,
  sizeTitle: 'M / 38 / 10',
  statusId: VERY_GOOD.vintedStatusId,
  packageSizeId: 1,
  colorIds: [BLACK.vintedColorId, WHITE.vintedColorId],
  materialIds: [COTTON.vintedMaterialId],
  photos: [{ id: 21000000001, url: 'https://images1.vinted.net/t/1/f800/1.jpeg' }],
  isClosed: false,
  isHidden: false,
  isDraft: false,
};

describe('mapping a Vinted item to product fields', () => {
  it('maps every field through the reference rows’ Vinted ids', () => {
    expect(mapImportedItem(item, ref)).toEqual({
      title: 'T-shirt noir Nike',
      description: 'Porté deux fois, comme neuf.',
      price: '12.50',
      currency: 'EUR',
      brandId: NIKE.id,
      categoryId: CATEGORIES.women_tshirts.id,
      conditionId: VERY_GOOD.id,
      sizeId: SIZES.m.id,
      colorIds: [BLACK.id, WHITE.id],
      materialIds: [COTTON.id],
      packageSize: 'small',
      unmappedAttributes: [],
    });
  });

  it('keeps every id StoFlow does not know as an unmapped value with Vinted’s title, the field left empty', () => {
    const mapped = mapImportedItem(
      {
        ...item,
        brandId: 999_001,
        brandTitle: 'Atelier Inconnu',
        catalogId: 99_999,
        sizeId: 4242,
        statusId: 77,
        colorIds: [BLACK.vintedColorId, 555],
        materialIds: [666],
        packageSizeId: 9,
      },
      ref,
    )!;
    expect(mapped).toMatchObject({
      brandId: null,
      categoryId: null,
      sizeId: null,
      conditionId: null,
      colorIds: [BLACK.id],
      materialIds: [],
      packageSize: null,
    });
    expect(mapped.unmappedAttributes).toEqual(
      expect.arrayContaining([
        { attribute: 'brand', vintedId: 999_001, title: 'Atelier Inconnu' },
        { attribute: 'category', vintedId: 99_999, title: null },
        { attribute: 'size', vintedId: 4242, title: 'M / 38 / 10' },
        { attribute: 'condition', vintedId: 77, title: null },
        { attribute: 'color', vintedId: 555, title: null },
        { attribute: 'material', vintedId: 666, title: null },
        { attribute: 'packageSize', vintedId: 9, title: null },
      ]),
    );
    expect(mapped.unmappedAttributes).toHaveLength(7);
  });

  it('reads a size in the size group of the item’s catalog (a shoe size is not a clothing size)', () => {
    const shoes = {
      ...item,
      catalogId: CATEGORIES.women_trainers.vintedCatalogId,
      sizeId: SIZES.shoe_eu_38.vintedWomenId,
    };
    expect(mapImportedItem(shoes, ref)).toMatchObject({
      categoryId: CATEGORIES.women_trainers.id,
      sizeId: SIZES.shoe_eu_38.id,
    });
    // A clothing size id under a shoe catalog is not guessed.
    const wrong = mapImportedItem({ ...shoes, sizeId: SIZES.m.vintedWomenId }, ref)!;
    expect(wrong.sizeId).toBeNull();
    expect(wrong.unmappedAttributes).toEqual([{ attribute: 'size', vintedId: 4, title: 'M / 38 / 10' }]);
  });

  it('files a catalog Vinted sorts by cut under its category and fit', () => {
    const jeans = { ...item, catalogId: FITS.slim.vintedMenJeansCatalogId, sizeId: SIZES.w32.vintedMenBottomsId };
    expect(mapImportedItem(jeans, ref)).toMatchObject({
      categoryId: CATEGORIES.men_jeans.id,
      fitId: FITS.slim.id,
      sizeId: SIZES.w32.id,
      unmappedAttributes: [],
    });
    expect(mapImportedItem(item, ref)).not.toHaveProperty('fitId');
  });

  it('refuses an item without a price above zero, and writes prices with two decimals without a float', () => {
    expect(mapImportedItem({ ...item, price: null }, ref)).toBeNull();
    expect(mapImportedItem({ ...item, price: '0.0' }, ref)).toBeNull();
    expect(mapImportedItem({ ...item, price: 'abc' }, ref)).toBeNull();
    expect(twoDecimals('12.0')).toBe('12.00');
    expect(twoDecimals('0.1')).toBe('0.10');
    expect(twoDecimals('19.99')).toBe('19.99');
  });

  it('de-duplicates colours and keeps Vinted’s order (the first colour is the main one)', () => {
    const mapped = mapImportedItem(
      { ...item, colorIds: [WHITE.vintedColorId, BLACK.vintedColorId, WHITE.vintedColorId] },
      ref,
    );
    expect(mapped?.colorIds).toEqual([WHITE.id, BLACK.id]);
  });
});
