import type { ListingSnapshot } from '@stoflow/catalog';
import type { AspectConstraint } from '../taxonomy/ebay-taxonomy';
import { aspectsOf, listingProblems } from './ebay-listing';

function snapshot(product: Record<string, unknown> = {}, attributes: Record<string, unknown> = {}): ListingSnapshot {
  return {
    product: {
      title: 'Robe',
      description: 'Belle robe',
      price: '25.00',
      currency: 'EUR',
      stockQuantity: 1,
      images: [{ id: 'i', url: 'https://m/1.jpg', position: 0 }],
      ...product,
    },
    attributes: {
      brand: { id: 1, code: 'levis', name: "Levi's" },
      category: {
        id: 2,
        code: 'women_dresses',
        name: 'Dresses',
        ebayCategoryId: 63861,
        ebayLeaf: true,
        ebayMarketplaces: ['EBAY_FR'],
        gender: 'women',
      },
      condition: { id: 3, code: 'good', name: 'Good', ebayCondition: 'USED_EXCELLENT' },
      size: { id: 4, code: 'm', name: 'M' },
      gender: null,
      colors: [{ id: 5, code: 'blue', name: 'Blue', nameFr: 'Bleu' }],
      materials: [],
      ...attributes,
    },
  } as unknown as ListingSnapshot;
}

const aspect = (name: string, required: boolean, values: string[] = []): AspectConstraint => ({
  name,
  required,
  mode: values.length ? 'SELECTION_ONLY' : 'FREE_TEXT',
  cardinality: 'SINGLE',
  maxLength: 65,
  values,
});

describe('an eBay listing from a product', () => {
  it("fills the category's aspects in the site's language, picking eBay's own values where it only takes those", () => {
    const { aspects, problems } = aspectsOf(snapshot(), [
      aspect('Marque', true),
      aspect('Taille', true, ['S', 'M', 'L']),
      aspect('Département', true, ['Homme', 'Femme']),
      aspect('Couleur', false),
    ]);
    expect(problems).toEqual([]);
    expect(aspects).toEqual({ Marque: ["Levi's"], Taille: ['M'], Département: ['Femme'], Couleur: ['Blue'] });
  });

  it('names each aspect eBay needs that the product cannot give', () => {
    const { problems } = aspectsOf(snapshot({}, { brand: null, size: { id: 4, code: 'xxs', name: 'XXS' } }), [
      aspect('Brand', true),
      aspect('Size', true, ['S', 'M', 'L']),
      aspect('Style', true),
    ]);
    expect(problems).toEqual([
      { field: 'brandId', issue: 'eBay needs Brand in this category' },
      { field: 'sizeId', issue: '"XXS" is not one of eBay\'s values for Size in this category' },
      { field: 'aspects', issue: expect.stringContaining('"Style"') },
    ]);
  });

  it('refuses what eBay would refuse: another currency, a parent category, no photo, a long title', () => {
    const fields = (s: ListingSnapshot, site = 'EBAY_FR') => listingProblems(s, site, true).map((p) => p.field);
    expect(fields(snapshot())).toEqual([]);
    expect(fields(snapshot(), 'EBAY_US')).toEqual(['categoryId', 'currency']);
    expect(fields(snapshot({ images: [], title: 'x'.repeat(81) }))).toEqual(['images', 'title']);
    expect(
      fields(snapshot({}, { category: { id: 9, name: 'Women', ebayCategoryId: 260010, ebayLeaf: false } })),
    ).toEqual(['categoryId']);
    expect(listingProblems(snapshot(), 'EBAY_FR', false)).toEqual([
      { field: 'images', issue: expect.stringContaining('MEDIA_PUBLIC_BASE_URL') },
    ]);
  });
});
