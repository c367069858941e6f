/** The eBay marketplaces a seller can connect, with what a listing there must match. */
export interface EbayMarketplace {
  id: string;
  /** `Content-Language` of inventory items and offers, and `Accept-Language` of Taxonomy. */
  language: string;
  /** Prices are listed in this currency only: StoFlow never converts a product's price. */
  currency: string;
  /** Host of the listing pages buyers see. */
  site: string;
  /** Default category tree (Taxonomy `get_default_category_tree_id`), known ahead to spare a call. */
  categoryTreeId: string;
  /** Two letters that end the SKU, so one product has one SKU per marketplace (eBay refuses one SKU on two). */
  skuSuffix: string;
}

export const EBAY_MARKETPLACES: Record<string, EbayMarketplace> = {
  EBAY_US: {
    id: 'EBAY_US',
    language: 'en-US',
    currency: 'USD',
    site: 'www.ebay.com',
    categoryTreeId: '0',
    skuSuffix: 'US',
  },
  EBAY_GB: {
    id: 'EBAY_GB',
    language: 'en-GB',
    currency: 'GBP',
    site: 'www.ebay.co.uk',
    categoryTreeId: '3',
    skuSuffix: 'GB',
  },
  EBAY_FR: {
    id: 'EBAY_FR',
    language: 'fr-FR',
    currency: 'EUR',
    site: 'www.ebay.fr',
    categoryTreeId: '71',
    skuSuffix: 'FR',
  },
  EBAY_DE: {
    id: 'EBAY_DE',
    language: 'de-DE',
    currency: 'EUR',
    site: 'www.ebay.de',
    categoryTreeId: '77',
    skuSuffix: 'DE',
  },
  EBAY_IT: {
    id: 'EBAY_IT',
    language: 'it-IT',
    currency: 'EUR',
    site: 'www.ebay.it',
    categoryTreeId: '101',
    skuSuffix: 'IT',
  },
  EBAY_ES: {
    id: 'EBAY_ES',
    language: 'es-ES',
    currency: 'EUR',
    site: 'www.ebay.es',
    categoryTreeId: '186',
    skuSuffix: 'ES',
  },
};

export const EBAY_MARKETPLACE_IDS = Object.keys(EBAY_MARKETPLACES);

export function ebayMarketplace(id: string): EbayMarketplace {
  const found = EBAY_MARKETPLACES[id];
  if (!found) throw new RangeError(`Unknown eBay marketplace ${id}`);
  return found;
}

/** The listing's page on the marketplace's site. */
export function listingUrl(marketplaceId: string, listingId: string): string {
  return `https://${ebayMarketplace(marketplaceId).site}/itm/${encodeURIComponent(listingId)}`;
}

/**
 * One SKU per product and marketplace, strictly alphanumeric (eBay answers 25707 to anything else, and a hyphen
 * broke getOffers): "SF", the product's uuid without its hyphens, and the marketplace's two letters (36 chars).
 */
export function skuOf(productId: string, marketplaceId: string): string {
  return `SF${productId.replace(/-/g, '').toUpperCase()}${ebayMarketplace(marketplaceId).skuSuffix}`;
}
