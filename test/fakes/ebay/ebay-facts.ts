/** eBay's facts the fake answers with (EBAY.md): marketplaces, category trees, error bodies, default aspects. */

export const MARKETPLACES: Record<string, { currency: string; site: string }> = {
  EBAY_US: { currency: 'USD', site: 'www.ebay.com' },
  EBAY_GB: { currency: 'GBP', site: 'www.ebay.co.uk' },
  EBAY_FR: { currency: 'EUR', site: 'www.ebay.fr' },
  EBAY_DE: { currency: 'EUR', site: 'www.ebay.de' },
  EBAY_IT: { currency: 'EUR', site: 'www.ebay.it' },
  EBAY_ES: { currency: 'EUR', site: 'www.ebay.es' },
};

export const TREE_IDS: Record<string, string> = {
  EBAY_US: '0',
  EBAY_GB: '3',
  EBAY_FR: '71',
  EBAY_DE: '77',
  EBAY_IT: '101',
  EBAY_ES: '186',
};

/** The eBay part of the reference data (copied from shared/data/categories.json). */
export interface CategoryRow {
  code: string;
  name: string;
  ebayCategoryId: number;
  ebayLeaf?: boolean;
  ebayPathUS?: string;
  ebayMarketplaces?: string[];
  gender?: string;
}

export interface FakeAspect {
  localizedAspectName: string;
  aspectConstraint: {
    aspectRequired: boolean;
    aspectMode: 'FREE_TEXT' | 'SELECTION_ONLY';
    itemToAspectCardinality: 'SINGLE' | 'MULTI';
    aspectUsage?: string;
    aspectMaxLength?: number;
  };
  aspectValues?: { localizedValue: string }[];
}

export interface EbayErrorBody {
  errors: {
    errorId: number;
    domain: string;
    category: string;
    message: string;
    longMessage?: string;
    parameters?: { name: string; value: string }[];
  }[];
}

/** eBay's error body (EBAY.md, "Error body"). */
export function ebayError(
  errorId: number,
  message: string,
  longMessage?: string,
  domain = 'API_INVENTORY',
  parameters?: { name: string; value: string }[],
): EbayErrorBody {
  return {
    errors: [
      {
        errorId,
        domain,
        category: errorId >= 25000 && errorId < 25100 && errorId !== 25002 ? 'APPLICATION' : 'REQUEST',
        message,
        ...(longMessage ? { longMessage } : {}),
        ...(parameters ? { parameters } : {}),
      },
    ],
  };
}

const SIZES = [
  'XXS',
  'XS',
  'S',
  'M',
  'L',
  'XL',
  'XXL',
  '3XL',
  ...Array.from({ length: 14 }, (_, i) => String(32 + i * 2)),
];
const DEPARTMENTS = ['Men', 'Women', 'Boys', 'Girls', 'Unisex Adults', 'Unisex Kids'];

function aspect(
  name: string,
  required: boolean,
  mode: 'FREE_TEXT' | 'SELECTION_ONLY',
  values: string[] = [],
  cardinality: 'SINGLE' | 'MULTI' = 'SINGLE',
): FakeAspect {
  return {
    localizedAspectName: name,
    aspectConstraint: {
      aspectRequired: required,
      aspectMode: mode,
      itemToAspectCardinality: cardinality,
      aspectUsage: required ? 'RECOMMENDED' : 'OPTIONAL',
      aspectMaxLength: 65,
    },
    aspectValues: values.map((localizedValue) => ({ localizedValue })),
  };
}

/** What clothing categories ask for on eBay (Brand, Size, Department required; Colour and Type optional). */
export function defaultAspects(category: CategoryRow): FakeAspect[] {
  const clothing = /clothing|shoes|dresses|jeans|coats|jackets|tops|skirts|trousers|knitwear|shirts/i.test(
    `${category.ebayPathUS ?? ''} ${category.name}`,
  );
  const aspects = [aspect('Brand', true, 'FREE_TEXT')];
  if (clothing) {
    aspects.push(
      aspect('Size', true, 'SELECTION_ONLY', SIZES),
      aspect('Department', true, 'SELECTION_ONLY', DEPARTMENTS),
    );
  }
  aspects.push(aspect('Colour', false, 'FREE_TEXT', [], 'MULTI'), aspect('Type', false, 'FREE_TEXT'));
  return aspects;
}
