import type { ListingSnapshot } from '@stoflow/catalog';
import type { ErrorDetail } from '@stoflow/core';
import { ebayMarketplace } from '../api/ebay-marketplaces';
import type { AspectConstraint } from '../taxonomy/ebay-taxonomy';

/** eBay's limits on what a listing carries (EBAY.md). */
export const TITLE_MAX = 80;
export const DESCRIPTION_MAX = 4000;
export const IMAGES_MAX = 24;
const ASPECT_VALUE_MAX = 50;
const ASPECT_VALUES_MAX = 30;

/** What a listing needs from the seller's connection. */
export interface SellerSetup {
  marketplaceId: string;
  fulfillmentPolicyId: string;
  paymentPolicyId: string;
  returnPolicyId: string;
  merchantLocationKey: string;
}

type Attr = Record<string, unknown> | null;

/**
 * Aspect names as eBay's sites localise them (Taxonomy answers in the marketplace's language), and the product
 * field each one is filled from.
 */
const ASPECT_SOURCES: { names: string[]; field: string; values: (s: ListingSnapshot) => string[][] }[] = [
  {
    names: ['brand', 'marque', 'marke', 'marca'],
    field: 'brandId',
    values: (s) => (s.attributes.brand ? [[text(s.attributes.brand, 'ebayBrandName') ?? s.attributes.brand.name]] : []),
  },
  {
    names: ['size', 'taille', 'größe', 'grösse', 'taglia', 'talla'],
    field: 'sizeId',
    values: (s) => (s.attributes.size ? [[s.attributes.size.name, s.attributes.size.code]] : []),
  },
  {
    names: ['colour', 'color', 'couleur', 'farbe', 'colore'],
    field: 'colorIds',
    values: (s) => s.attributes.colors.map((c) => [c.name, text(c, 'nameFr') ?? c.name]),
  },
  {
    names: ['material', 'matière', 'matiere', 'material', 'materiale'],
    field: 'materialIds',
    values: (s) => s.attributes.materials.map((m) => [m.name, text(m, 'nameFr') ?? m.name]),
  },
  {
    names: ['department', 'département', 'departement', 'abteilung', 'reparto', 'departamento'],
    field: 'genderId',
    values: (s) => {
      const gender = String(s.attributes.gender?.code ?? s.attributes.category?.gender ?? '');
      const candidates = DEPARTMENTS[gender];
      return candidates ? [candidates] : [];
    },
  },
  {
    names: ['type'],
    field: 'categoryId',
    values: (s) => (s.attributes.category ? [[s.attributes.category.name]] : []),
  },
];

/** eBay's department values in the sites' languages, for each StoFlow gender. */
const DEPARTMENTS: Record<string, string[]> = {
  women: ['Women', 'Femme', 'Damen', 'Donna', 'Mujer'],
  men: ['Men', 'Homme', 'Herren', 'Uomo', 'Hombre'],
  unisex: ['Unisex Adults', 'Unisex adulte', 'Unisex Erwachsene', 'Unisex adulto'],
  girls: ['Girls', 'Fille', 'Mädchen', 'Bambina', 'Niña'],
  boys: ['Boys', 'Garçon', 'Jungen', 'Bambino', 'Niño'],
  kids: ['Unisex Kids', 'Unisex enfant', 'Unisex Kinder', 'Unisex bambini'],
};

/** The product's aspects for the category, each value the one eBay allows where it only allows its own. */
export function aspectsOf(
  snapshot: ListingSnapshot,
  constraints: AspectConstraint[],
): { aspects: Record<string, string[]>; problems: ErrorDetail[] } {
  const aspects: Record<string, string[]> = {};
  const problems: ErrorDetail[] = [];
  const handled = new Set<string>();
  for (const constraint of constraints) {
    const source = ASPECT_SOURCES.find((s) => s.names.includes(constraint.name.toLowerCase()));
    if (!source) {
      if (constraint.required) {
        problems.push({
          field: 'aspects',
          issue: `eBay needs "${constraint.name}" in this category, which StoFlow products do not carry yet`,
        });
      }
      continue;
    }
    handled.add(source.field);
    const chosen: string[] = [];
    for (const candidates of source.values(snapshot)) {
      const value = pick(candidates, constraint);
      if (value !== undefined) chosen.push(value);
      else if (constraint.required || constraint.mode === 'SELECTION_ONLY') {
        problems.push({
          field: source.field,
          issue: `"${candidates[0]}" is not one of eBay's values for ${constraint.name} in this category`,
        });
      }
    }
    const values = constraint.cardinality === 'MULTI' ? chosen.slice(0, ASPECT_VALUES_MAX) : chosen.slice(0, 1);
    if (values.length) aspects[constraint.name] = values;
    else if (constraint.required && !problems.some((p) => p.field === source.field)) {
      problems.push({ field: source.field, issue: `eBay needs ${constraint.name} in this category` });
    }
  }
  // Brand and size are worth sending even where the category does not ask for them: buyers filter on them.
  const brand = snapshot.attributes.brand;
  if (brand && !handled.has('brandId')) aspects.Brand = [text(brand, 'ebayBrandName') ?? brand.name];
  return { aspects, problems };
}

function pick(candidates: string[], constraint: AspectConstraint): string | undefined {
  const usable = candidates.filter((c) => c && c.length <= (constraint.maxLength ?? ASPECT_VALUE_MAX));
  if (constraint.mode !== 'SELECTION_ONLY') return usable[0];
  for (const candidate of usable) {
    const found = constraint.values.find((v) => v.toLowerCase() === candidate.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

/**
 * Everything that keeps a product off eBay, found before any call to eBay (each with the field to fix). The
 * aspects' problems come from `aspectsOf` (they need the category's constraints).
 */
export function listingProblems(
  snapshot: ListingSnapshot,
  marketplaceId: string,
  mediaIsPublic: boolean,
  chosenCategoryId: string | null = null,
): ErrorDetail[] {
  const { product, attributes } = snapshot;
  const marketplace = ebayMarketplace(marketplaceId);
  const problems: ErrorDetail[] = [];
  const category = attributes.category as Attr;
  if (chosenCategoryId) {
    // The seller chose eBay's category for this product (checked to be a leaf when it was chosen).
  } else if (!category) {
    problems.push({ field: 'categoryId', issue: 'eBay needs a category' });
  } else if (!category.ebayCategoryId) {
    problems.push({
      field: 'categoryId',
      issue:
        'this category has no eBay equivalent: choose one (GET /api/ebay/categories/suggest, PUT /api/ebay/products/{id}/category)',
    });
  } else if (!category.ebayLeaf) {
    problems.push({
      field: 'categoryId',
      issue: 'eBay lists items only in its most precise categories: choose a sub-category',
    });
  } else if (Array.isArray(category.ebayMarketplaces) && !category.ebayMarketplaces.includes(marketplaceId)) {
    problems.push({ field: 'categoryId', issue: `this category is not offered on ${marketplaceId}` });
  }
  if (!text(attributes.condition, 'ebayCondition')) {
    problems.push({ field: 'conditionId', issue: "eBay needs the item's condition" });
  }
  if (product.images.length === 0) problems.push({ field: 'images', issue: 'eBay needs at least one photo' });
  else if (!mediaIsPublic) {
    problems.push({
      field: 'images',
      issue: 'eBay cannot fetch photos from this server: the operator must set MEDIA_PUBLIC_BASE_URL',
    });
  }
  if (product.currency !== marketplace.currency) {
    problems.push({
      field: 'currency',
      issue: `${marketplaceId} sells in ${marketplace.currency}, this product is priced in ${product.currency} (StoFlow never converts prices)`,
    });
  }
  if ([...product.title].length > TITLE_MAX) {
    problems.push({ field: 'title', issue: `eBay titles have at most ${TITLE_MAX} characters` });
  }
  if (!product.description.trim()) problems.push({ field: 'description', issue: 'eBay needs a description' });
  else if (product.description.length > DESCRIPTION_MAX) {
    problems.push({ field: 'description', issue: `eBay descriptions have at most ${DESCRIPTION_MAX} characters` });
  }
  return problems;
}

/** `PUT inventory_item/{sku}`: a full replace, so every field is sent every time (a missing one is dropped). */
export function inventoryItemBody(snapshot: ListingSnapshot, aspects: Record<string, string[]>): unknown {
  const { product, attributes } = snapshot;
  const brand = attributes.brand ? (text(attributes.brand, 'ebayBrandName') ?? attributes.brand.name) : undefined;
  return {
    condition: text(attributes.condition, 'ebayCondition'),
    availability: { shipToLocationAvailability: { quantity: product.stockQuantity } },
    product: {
      title: product.title,
      description: product.description,
      aspects,
      imageUrls: product.images
        .slice()
        .sort((a, b) => a.position - b.position)
        .slice(0, IMAGES_MAX)
        .map((i) => i.url),
      ...(brand ? { brand } : {}),
    },
    ...(product.weightGrams ? { packageWeightAndSize: { weight: { value: product.weightGrams, unit: 'GRAM' } } } : {}),
  };
}

/** The eBay category of the listing: the one the seller chose for the product, else the reference data's. */
export function ebayCategoryOf(snapshot: ListingSnapshot, chosenCategoryId: string | null): string | null {
  if (chosenCategoryId) return chosenCategoryId;
  const id = (snapshot.attributes.category as Attr)?.ebayCategoryId;
  return id ? String(id) : null;
}

/** `POST /offer` and `PUT /offer/{id}` (a full replace too). */
export function offerBody(
  snapshot: ListingSnapshot,
  sku: string,
  setup: SellerSetup,
  chosenCategoryId: string | null = null,
): unknown {
  const { product } = snapshot;
  return {
    sku,
    marketplaceId: setup.marketplaceId,
    format: 'FIXED_PRICE',
    listingDuration: 'GTC',
    availableQuantity: product.stockQuantity,
    categoryId: ebayCategoryOf(snapshot, chosenCategoryId) ?? '',
    merchantLocationKey: setup.merchantLocationKey,
    listingDescription: product.description,
    pricingSummary: { price: { value: product.price, currency: product.currency } },
    listingPolicies: {
      fulfillmentPolicyId: setup.fulfillmentPolicyId,
      paymentPolicyId: setup.paymentPolicyId,
      returnPolicyId: setup.returnPolicyId,
    },
  };
}

function text(attribute: Attr | undefined, field: string): string | undefined {
  const value = attribute?.[field];
  return typeof value === 'string' && value ? value : undefined;
}
