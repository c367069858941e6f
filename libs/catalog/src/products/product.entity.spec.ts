import { normalizePrice, PRICE_PATTERN } from './money';
import { Product, ProductFields } from './product.entity';
import { canTransition, PRODUCT_STATUSES } from './product-status';
import { generateSku } from './sku';

const fields: ProductFields = {
  sku: 'S-1',
  title: 'Shirt',
  description: '',
  price: '10',
  currency: 'EUR',
  brandId: null,
  categoryId: null,
  conditionId: null,
  whenMade: null,
  sizeId: null,
  genderId: null,
  seasonId: null,
  fitId: null,
  colorIds: [],
  materialIds: [],
  packageSize: null,
  weightGrams: null,
  stockQuantity: 2,
  relistOnCancel: false,
  unmappedAttributes: [],
};

describe('money', () => {
  it.each([
    ['7', '7.00'],
    ['7.5', '7.50'],
    ['012.50', '12.50'],
    ['0.01', '0.01'],
    ['9999999999.99', '9999999999.99'],
  ])('normalises %s to %s by string operations', (input, output) => expect(normalizePrice(input)).toBe(output));

  it.each(['0', '0.00', '-1', '1.234', '1e3', '12345678901', ' 1', '1.', '.5', 'NaN'])('refuses %j', (input) => {
    expect(PRICE_PATTERN.test(input)).toBe(false);
    expect(() => normalizePrice(input)).toThrow(RangeError);
  });
});

describe('status transitions', () => {
  it('allows exactly draft → active → sold | archived', () => {
    const allowed = PRODUCT_STATUSES.flatMap((from) =>
      PRODUCT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual(['draft→active', 'active→sold', 'active→archived']);
  });
});

describe('Product rules', () => {
  it('sells stock down to zero, then is sold; never below zero', () => {
    const product = Product.create(fields);
    expect(() => product.recordSale(1)).toThrow(expect.objectContaining({ status: 409 })); // draft
    product.transition('active');
    expect(product.recordSale(1)).toBe(false);
    expect(() => product.recordSale(2)).toThrow(expect.objectContaining({ status: 409 }));
    expect(product.recordSale(1)).toBe(true);
    expect(product).toMatchObject({ stockQuantity: 0, status: 'sold' });
    expect(() => product.recordSale(1)).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('is publishable only with stock, and not once sold or archived', () => {
    const product = Product.create({ ...fields, stockQuantity: 0 });
    expect(() => product.assertPublishable()).toThrow(
      expect.objectContaining({ code: 'PRODUCT_OUT_OF_STOCK', status: 422 }),
    );
    product.update({ stockQuantity: 1, status: 'active' });
    expect(() => product.assertPublishable()).not.toThrow();
    product.transition('archived');
    expect(() => product.assertPublishable()).toThrow(expect.objectContaining({ code: 'PRODUCT_NOT_PUBLISHABLE' }));
  });

  it('reports only the fields that really changed and refuses an illegal status move', () => {
    const product = Product.create({ ...fields, colorIds: [1, 2] });
    expect(product.update({ price: '10.00', colorIds: [1, 2], title: 'Shirt' })).toEqual([]);
    expect(product.update({ price: '10.5', colorIds: [2, 1], brandId: null })).toEqual(['price', 'colorIds']);
    expect(product.price).toBe('10.50');
    expect(() => product.update({ status: 'sold' })).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('generated skus', () => {
  it('are SF- plus 8 Crockford base32 characters and do not repeat', () => {
    const skus = new Set(Array.from({ length: 2000 }, generateSku));
    expect(skus.size).toBe(2000);
    for (const sku of skus) expect(sku).toMatch(/^SF-[0-9A-HJKMNP-TV-Z]{8}$/);
  });
});

describe('unmapped attributes', () => {
  it('are kept until the seller chooses a value for the attribute, and an identical list changes nothing', () => {
    const unmapped = [
      { attribute: 'brand' as const, vintedId: 999_001, title: 'Atelier Inconnu' },
      { attribute: 'color' as const, vintedId: 77, title: null },
    ];
    const product = Product.create({ ...fields, unmappedAttributes: unmapped });
    expect(product.update({ unmappedAttributes: structuredClone(unmapped) })).toEqual([]);
    // jsonb answers objects with its own key order: the same values are the same.
    const reordered = unmapped.map(({ title, vintedId, attribute }) => ({ title, vintedId, attribute }));
    expect(product.update({ unmappedAttributes: reordered })).toEqual([]);
    expect(product.update({ title: 'Shirt 2' })).toEqual(['title']);
    expect(product.unmappedAttributes).toHaveLength(2);
    expect(product.update({ brandId: 12 })).toEqual(['brandId', 'unmappedAttributes']);
    expect(product.unmappedAttributes).toEqual([{ attribute: 'color', vintedId: 77, title: null }]);
  });
});
