import type { PackageSize, UnmappedAttribute, WhenMade } from './product.entity';
import type { ProductImageView } from './product-images.port';
import type { ProductStatus } from './product-status';

export type Marketplace = 'vinted' | 'ebay' | 'etsy';
export const MARKETPLACES: readonly Marketplace[] = ['vinted', 'ebay', 'etsy'];

export interface ListingView {
  marketplace: Marketplace;
  status: string;
  externalId: string | null;
  url: string | null;
  lastError: string | null;
  updatedAt: string;
}

/** A product as the API answers it (money as a two-decimal string, times as ISO 8601 UTC). */
export interface ProductView {
  id: string;
  sku: string;
  title: string;
  description: string;
  price: string;
  currency: string;
  brandId: number | null;
  categoryId: number | null;
  conditionId: number | null;
  colorIds: number[];
  materialIds: number[];
  sizeId: number | null;
  genderId: number | null;
  seasonId: number | null;
  fitId: number | null;
  packageSize: PackageSize | null;
  whenMade: WhenMade | null;
  weightGrams: number | null;
  stockQuantity: number;
  relistOnCancel: boolean;
  /** Values an import found that StoFlow's reference data does not know (kept, never dropped). */
  unmappedAttributes: UnmappedAttribute[];
  status: ProductStatus;
  version: number;
  images: ProductImageView[];
  listings: ListingView[];
  createdAt: string;
  updatedAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A product id that is not even a uuid names no product: 404 like any other unknown id. */
export function isProductId(id: string): boolean {
  return UUID.test(id);
}
