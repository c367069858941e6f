import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFound, TenantContext, TenantDatabase } from '@stoflow/core';
import { MediaUrlSigner } from '../../media/media-url-signer';
import type { Marketplace } from '../../products/product-view';
import { ProductImage } from '../product-image.entity';
import { ProductImageRepository, ProductImageView } from '../product-image.repository';
import { UploadImageCommand } from '../upload-image/upload-image.command';
import { UploadGrantedImageCommand } from './upload-granted-image.command';
import { grantOfKey } from './upload-keys';

@CommandHandler(UploadGrantedImageCommand)
export class UploadGrantedImageHandler implements ICommandHandler<UploadGrantedImageCommand, ProductImageView> {
  constructor(
    private readonly signer: MediaUrlSigner,
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly images: ProductImageRepository,
    private readonly commands: CommandBus,
  ) {}

  async execute({ token, bytes }: UploadGrantedImageCommand): Promise<ProductImageView> {
    // Tampered, expired, spent on a deleted product or unknown: nothing there, as for media.
    const verified = this.signer.verify(token);
    const grant = verified && grantOfKey(verified.key);
    if (!grant) throw new NotFound('Upload');
    return this.tenant.run(grant.tenantId, async () => {
      const row = await this.db.transaction(async (em) => {
        const [found] = await em.execute<{ product_id: string; image_id: string | null; origin: Marketplace | null }[]>(
          'select product_id, image_id, origin from product_image_uploads where id = ? and expires_at > now()',
          [grant.grantId],
        );
        const image = found?.image_id ? await em.findOne(ProductImage, { id: found.image_id }) : null;
        return found && { productId: found.product_id, origin: found.origin, image };
      });
      if (!row) throw new NotFound('Upload');
      if (row.image) return this.images.view(row.image);
      const { image } = await this.commands.execute(new UploadImageCommand(row.productId, bytes, row.origin));
      await this.db.transaction((em) =>
        em.execute('update product_image_uploads set image_id = ? where id = ? and image_id is null', [
          image.id,
          grant.grantId,
        ]),
      );
      return image;
    });
  }
}
