import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { MediaSettings } from '../../media/media-settings';
import { MediaUrlSigner } from '../../media/media-url-signer';
import { ProductImageRepository } from '../product-image.repository';
import { GrantImageUploadCommand, ImageUploadGrant } from './grant-image-upload.command';
import { uploadKey } from './upload-keys';

@CommandHandler(GrantImageUploadCommand)
export class GrantImageUploadHandler implements ICommandHandler<GrantImageUploadCommand, ImageUploadGrant> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly tenant: TenantContext,
    private readonly images: ProductImageRepository,
    private readonly signer: MediaUrlSigner,
    private readonly settings: MediaSettings,
  ) {}

  async execute({ productId, from }: GrantImageUploadCommand): Promise<ImageUploadGrant> {
    const tenantId = this.tenant.requireTenantId();
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + this.settings.urlTtlSeconds * 1000);
    await this.db.transaction(async (em) => {
      await this.images.assertLiveProduct(em, productId);
      await em.execute(
        'insert into product_image_uploads (id, product_id, origin, expires_at) values (?, ?, ?, ?)',
        [id, productId, from, expiresAt],
        'run',
      );
    });
    const url = `${this.settings.publicBaseUrl}/media/uploads/${this.signer.sign(uploadKey(tenantId, id))}`;
    return { url, expiresAt: expiresAt.toISOString() };
  }
}
