import { Query } from '@nestjs/cqrs';
import type { Page } from '@stoflow/core';
import type { ProductStatus } from '../product-status';
import type { Marketplace, ProductView } from '../product-view';

export const PRODUCT_SORTS = ['createdAt', 'updatedAt', 'price', 'title'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number] | `-${(typeof PRODUCT_SORTS)[number]}`;

export interface ProductFilter {
  status?: ProductStatus;
  q?: string;
  brandId?: number;
  /** This category and every category below it. */
  categoryId?: number;
  /** Products with a listing on this marketplace. */
  marketplace?: Marketplace;
}

/** One page of the tenant's live products: filters, sort and page, whatever form the answer takes. */
abstract class ProductPageQuery<T> extends Query<T> {
  constructor(
    readonly filter: ProductFilter,
    readonly sort: ProductSort,
    readonly page: number,
    readonly limit: number,
  ) {
    super();
  }
}

export class ListProductsQuery extends ProductPageQuery<Page<ProductView>> {}

/**
 * The same page, serialised as the API answers it (`{"items": [...], "total", "page", "limit"}`): what the HTTP
 * route sends as is, so 20 products cost no mapping and no JSON.stringify in Node.
 */
export class ListProductsJsonQuery extends ProductPageQuery<string> {}
