import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { DeleteImageHandler } from './delete-image/delete-image.handler';
import { DeleteImageController } from './delete-image/delete-image.http';
import { EraseTenantMediaHandler } from './erase-tenant-media/erase-tenant-media.handler';
import { ImageNormaliser } from './image-normaliser';
import { MediaServableHandler } from './media-servable/media-servable.handler';
import { ProductImages } from '../products/product-images.port';
import { ProductImage } from './product-image.entity';
import { ProductImageRepository } from './product-image.repository';
import { SignedProductImages } from './signed-product-images';
import { PurgeDeletedProductsHandler } from './purge-deleted-products/purge-deleted-products.handler';
import { ReorderImagesHandler } from './reorder-images/reorder-images.handler';
import { ReorderImagesController } from './reorder-images/reorder-images.http';
import { GrantImageUploadHandler } from './upload-grants/grant-image-upload.handler';
import { UploadGrantedImageHandler } from './upload-grants/upload-granted-image.handler';
import { UploadGrantedImageController } from './upload-grants/upload-granted-image.http';
import { UploadImageHandler } from './upload-image/upload-image.handler';
import { UploadImageController } from './upload-image/upload-image.http';

/**
 * Product images: upload, delete, reorder, signed URLs, and the purge of products deleted for good.
 * Imported by CatalogModule; provides the products port `ProductImages` (signed `images` of product reads).
 */
@Module({
  imports: [MikroOrmModule.forFeature([ProductImage]), MediaModule],
  controllers: [UploadImageController, DeleteImageController, ReorderImagesController, UploadGrantedImageController],
  providers: [
    ProductImageRepository,
    { provide: ProductImages, useClass: SignedProductImages },
    ImageNormaliser,
    UploadImageHandler,
    GrantImageUploadHandler,
    UploadGrantedImageHandler,
    DeleteImageHandler,
    ReorderImagesHandler,
    PurgeDeletedProductsHandler,
    EraseTenantMediaHandler,
    MediaServableHandler,
  ],
  exports: [ProductImages, MediaModule],
})
export class ImagesModule {}
