export { CatalogModule } from './catalog.module';
export { CatalogWorkerModule } from './catalog-worker.module';
export { VintedReferenceDataModule } from './attributes/vinted-reference/vinted-reference.module';
// Commands
export { CreateProductCommand, NewProduct } from './products/create-product/create-product.command';
export { UpdateProductCommand } from './products/update-product/update-product.command';
export { DeleteProductCommand } from './products/delete-product/delete-product.command';
export { RecordSaleCommand, SaleRecorded, SaleRef } from './products/record-sale/record-sale.command';
export { ReturnSaleCommand } from './products/return-sale/return-sale.command';
export {
  ApplyVintedReferenceChangesCommand,
  ReferenceRename,
  VintedReferenceApplied,
  VintedReferenceChanges,
} from './attributes/vinted-reference/apply-vinted-reference-changes/apply-vinted-reference-changes.command';
export { GrantImageUploadCommand, ImageUploadGrant } from './images/upload-grants/grant-image-upload.command';
// Queries
export {
  GetVintedReferenceIdsQuery,
  SeededBrand,
  SeededCategory,
  SeededSize,
  SeededVintedReference,
} from './attributes/vinted-reference/get-vinted-reference-ids/get-vinted-reference-ids.query';
export { GetProductQuery } from './products/get-product/get-product.query';
export { FindProductBySkuQuery } from './products/find-by-sku/find-product-by-sku.query';
export { ListProductsQuery, ProductFilter, ProductSort } from './products/list-products/list-products.query';
export { GetPublishabilityQuery, Publishable } from './products/get-publishability/get-publishability.query';
export { GetListingSnapshotQuery } from './products/listing-snapshot/get-listing-snapshot.query';
export type { ListingAttributes, ListingSnapshot } from './products/listing-snapshot/get-listing-snapshot.query';
export { AttributeView, ListAttributesQuery } from './attributes/list-attributes/list-attributes.query';
// Errors a caller tells apart
export { InsufficientStock, ProductNotForSale } from './products/product.errors';
// Events
export {
  ProductCreatedEvent,
  ProductDeletedEvent,
  ProductSoldEvent,
  ProductUpdatedEvent,
} from './products/product.events';
export {
  LISTING_STATUSES,
  ListingStatus,
  MarketplaceListingChangedEvent,
} from './products/listings/marketplace-listing-changed.event';
// Plain types
export type { PackageSize, ProductChanges, UnmappedAttribute, UnmappedAttributeName } from './products/product.entity';
export type { ProductStatus } from './products/product-status';
export type { ListingView, Marketplace, ProductView } from './products/product-view';
export { MARKETPLACES } from './products/product-view';
export type { AttributeType } from './attributes/attribute-types';
export { VINTED_MEN_BOTTOMS_GROUP, VINTED_SIZE_GROUPS } from './attributes/vinted-size-groups';
