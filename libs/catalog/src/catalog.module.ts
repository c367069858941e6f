import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ListAttributesHandler } from './attributes/list-attributes/list-attributes.handler';
import { ListAttributesController } from './attributes/list-attributes/list-attributes.http';
import { ImagesModule } from './images/images.module';
import { VintedReferenceDataModule } from './attributes/vinted-reference/vinted-reference.module';
import { CreateProductHandler } from './products/create-product/create-product.handler';
import { CreateProductController } from './products/create-product/create-product.http';
import { DeleteProductHandler } from './products/delete-product/delete-product.handler';
import { DeleteProductController } from './products/delete-product/delete-product.http';
import { GetProductHandler } from './products/get-product/get-product.handler';
import { GetProductController } from './products/get-product/get-product.http';
import { GetPublishabilityHandler } from './products/get-publishability/get-publishability.handler';
import { GetListingSnapshotHandler } from './products/listing-snapshot/get-listing-snapshot.handler';
import {
  ListProductsHandler,
  ListProductsJsonHandler,
  ProductPages,
} from './products/list-products/list-products.handler';
import { ListProductsController } from './products/list-products/list-products.http';
import { ProjectListingHandler } from './products/listings/project-listing.handler';
import { Product } from './products/product.entity';
import { ProductReader } from './products/product-reader';
import { ProductQuotaUsageHandler } from './products/quota-usage/product-quota-usage.handler';
import { RecordSaleHandler } from './products/record-sale/record-sale.handler';
import { ReturnSaleHandler } from './products/return-sale/return-sale.handler';
import { FindProductBySkuHandler } from './products/find-by-sku/find-product-by-sku.handler';
import { UpdateProductHandler } from './products/update-product/update-product.handler';
import { UpdateProductController } from './products/update-product/update-product.http';

/**
 * Products, their reference data (attributes), stock, images (ImagesModule provides the `ProductImages` port the
 * product reads use) and the projection of marketplace listings.
 */
@Module({
  imports: [MikroOrmModule.forFeature([Product]), ImagesModule, VintedReferenceDataModule],
  controllers: [
    ListAttributesController,
    ListProductsController,
    CreateProductController,
    GetProductController,
    UpdateProductController,
    DeleteProductController,
  ],
  providers: [
    ListAttributesHandler,
    CreateProductHandler,
    GetProductHandler,
    ListProductsHandler,
    ListProductsJsonHandler,
    ProductPages,
    UpdateProductHandler,
    DeleteProductHandler,
    RecordSaleHandler,
    ReturnSaleHandler,
    FindProductBySkuHandler,
    GetPublishabilityHandler,
    GetListingSnapshotHandler,
    ProductQuotaUsageHandler,
    ProjectListingHandler,
    ProductReader,
  ],
})
export class CatalogModule {}
