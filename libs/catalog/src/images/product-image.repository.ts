import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox, TenantContext } from '@stoflow/core';
import { MediaStorage } from '../media/media-storage';
import { ProductUpdatedEvent } from '../products/product.events';
import type { Marketplace } from '../products/product-view';
import { ImageNotFound, ProductNotFound } from './image-errors';
import { ProductImage } from './product-image.entity';

/** An image as API responses show it: `url` and `thumbnailUrl` are signed, expiring, token-free URLs. */
export interface ProductImageView {
  id: string;
  url: string;
  thumbnailUrl: string;
  position: number;
}

/** What `view` needs of an image row. */
export type StoredImage = Pick<ProductImage, 'id' | 'storageKey' | 'thumbnailKey' | 'position'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and locks a product's images inside a tenant transaction. */
@Injectable()
export class ProductImageRepository {
  constructor(
    private readonly storage: MediaStorage,
    private readonly outbox: Outbox,
    private readonly tenant: TenantContext,
  ) {}

  view(image: StoredImage): ProductImageView {
    return {
      id: image.id,
      url: this.storage.signedUrl(image.storageKey),
      thumbnailUrl: this.storage.signedUrl(image.thumbnailKey),
      position: image.position,
    };
  }

  async ofProduct(em: EntityManager, productId: string): Promise<ProductImage[]> {
    return em.find(ProductImage, { productId }, { orderBy: { position: 'asc' } });
  }

  /**
   * Locks the live (not soft-deleted) product, so concurrent image changes of one product queue up and the
   * 20-image limit and the positions hold. Another tenant's product is simply not in this schema: 404.
   */
  async lockLiveProduct(em: EntityManager, productId: string): Promise<void> {
    await this.liveProduct(em, productId, ' for update');
  }

  /**
   * An image change is a change of the product, like a field's: a new version (so a new ETag, and a PATCH with
   * the old If-Match is 409), a new `updatedAt`, and ProductUpdatedEvent with `changed: ['images']` in the outbox
   * (marketplaces republish the photos). Call it in the transaction that changed the images, product locked.
   */
  async productChanged(em: EntityManager, productId: string, from: Marketplace | null = null): Promise<number> {
    const [{ version }] = await em.execute<{ version: number }[]>(
      'update product set version = version + 1, updated_at = now() where id = ? returning version',
      [productId],
    );
    await this.outbox.add(
      em,
      new ProductUpdatedEvent(this.tenant.requireTenantId(), productId, version, ['images'], null, from),
    );
    return version;
  }

  async assertLiveProduct(em: EntityManager, productId: string): Promise<void> {
    await this.liveProduct(em, productId, '');
  }

  private async liveProduct(em: EntityManager, productId: string, lock: string): Promise<void> {
    const rows = UUID.test(productId)
      ? await em.execute<{ id: string }[]>(`select id from product where id = ? and deleted_at is null${lock}`, [
          productId,
        ])
      : [];
    if (rows.length === 0) throw new ProductNotFound(productId);
  }

  async imageOf(em: EntityManager, productId: string, imageId: string): Promise<ProductImage> {
    const image = UUID.test(imageId) ? await em.findOne(ProductImage, { id: imageId, productId }) : null;
    if (!image) throw new ImageNotFound(imageId);
    return image;
  }
}
