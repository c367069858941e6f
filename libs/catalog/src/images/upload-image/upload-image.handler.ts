import { EntityManager } from '@mikro-orm/postgresql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { MediaStorage } from '../../media/media-storage';
import { MAX_IMAGES_PER_PRODUCT, TooManyImages } from '../image-errors';
import { imageKeys } from '../image-keys';
import { ImageNormaliser } from '../image-normaliser';
import { ProductImage } from '../product-image.entity';
import { ProductImageRepository } from '../product-image.repository';
import { UploadedImage, UploadImageCommand } from './upload-image.command';

@CommandHandler(UploadImageCommand)
export class UploadImageHandler implements ICommandHandler<UploadImageCommand, UploadedImage> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly tenant: TenantContext,
    private readonly images: ProductImageRepository,
    private readonly normaliser: ImageNormaliser,
    private readonly storage: MediaStorage,
  ) {}

  async execute({ productId, bytes, from }: UploadImageCommand): Promise<UploadedImage> {
    // Cheap checks first, so a full product or a wrong id costs no image processing.
    await this.db.transaction((em) => this.roomLeft(em, productId, false));
    const normalised = await this.normaliser.normalise(bytes);
    const id = randomUUID();
    const keys = imageKeys(this.tenant.requireTenantId(), id);
    await this.storage.put(keys.storageKey, normalised.image, 'image/jpeg');
    await this.storage.put(keys.thumbnailKey, normalised.thumbnail, 'image/jpeg');
    try {
      const { image, productVersion } = await this.db.transaction(async (em) => {
        const position = await this.roomLeft(em, productId, true);
        const row = em.create(ProductImage, {
          id,
          productId,
          position,
          ...keys,
          width: normalised.width,
          height: normalised.height,
          sizeBytes: normalised.image.length,
          createdAt: new Date(),
        });
        await em.flush();
        return { image: row, productVersion: await this.images.productChanged(em, productId, from) };
      });
      return { image: this.images.view(image), productVersion };
    } catch (error) {
      await Promise.all([this.storage.delete(keys.storageKey), this.storage.delete(keys.thumbnailKey)]);
      throw error;
    }
  }

  /** The position of the next image; the product lock makes two concurrent uploads count one after the other. */
  private async roomLeft(em: EntityManager, productId: string, lock: boolean): Promise<number> {
    if (lock) await this.images.lockLiveProduct(em, productId);
    else await this.images.assertLiveProduct(em, productId);
    const count = await em.count(ProductImage, { productId });
    if (count >= MAX_IMAGES_PER_PRODUCT) throw new TooManyImages();
    return count;
  }
}
