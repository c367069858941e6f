import { Query } from '@nestjs/cqrs';
import type { AttributeView } from '../../attributes/list-attributes/list-attributes.query';
import type { ProductView } from '../product-view';

/**
 * The reference rows a product points at, with every marketplace id their tables hold (camelCased columns:
 * a category carries `vintedCatalogId`, `vintedLeaf`, `vintedSizeGroupId`, `parentId`, `gender`; a size
 * `vintedWomenId`, `vintedMenId`, …). `null` when the product has no such attribute.
 */
export interface ListingAttributes {
  brand: AttributeView | null;
  category: AttributeView | null;
  condition: AttributeView | null;
  size: AttributeView | null;
  gender: AttributeView | null;
  season: AttributeView | null;
  fit: AttributeView | null;
  colors: AttributeView[];
  materials: AttributeView[];
}

/** What a marketplace module needs to build a listing: the product (images with fresh signed URLs) and its attributes. */
export interface ListingSnapshot {
  product: ProductView;
  attributes: ListingAttributes;
}

/** Asked in the seller's tenant context; 404 for an unknown or deleted product. */
export class GetListingSnapshotQuery extends Query<ListingSnapshot> {
  constructor(readonly productId: string) {
    super();
  }
}
