import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantDatabase } from '@stoflow/core';
import { MediaStorage } from '../../media/media-storage';
import { ProductImageRepository } from '../product-image.repository';
import { DeleteImageCommand } from './delete-image.command';

@CommandHandler(DeleteImageCommand)
export class DeleteImageHandler implements ICommandHandler<DeleteImageCommand, void> {
  private readonly logger = new Logger(DeleteImageHandler.name);

  constructor(
    private readonly db: TenantDatabase,
    private readonly images: ProductImageRepository,
    private readonly storage: MediaStorage,
  ) {}

  async execute({ productId, imageId }: DeleteImageCommand): Promise<void> {
    const image = await this.db.transaction(async (em) => {
      await this.images.lockLiveProduct(em, productId);
      const found = await this.images.imageOf(em, productId, imageId);
      await em.remove(found).flush();
      await em.execute('update product_image set position = position - 1 where product_id = ? and position > ?', [
        productId,
        found.position,
      ]);
      await this.images.productChanged(em, productId);
      return found;
    });
    // After commit: the row is gone for good, so the files must go too, or a URL already handed out would still work.
    await Promise.all([this.storage.delete(image.storageKey), this.storage.delete(image.thumbnailKey)]).catch(
      (error: unknown) => this.logger.error({ err: error, productId, imageId }, 'Image files could not be deleted'),
    );
  }
}
