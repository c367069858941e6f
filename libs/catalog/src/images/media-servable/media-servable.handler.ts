import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { MediaServableQuery } from '../../media/get-media/media-servable.query';
import { imageOfKey } from '../image-keys';

/** An image is served while its row exists and its product is not deleted (soft deletes included). */
@QueryHandler(MediaServableQuery)
export class MediaServableHandler implements IQueryHandler<MediaServableQuery, boolean> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
  ) {}

  async execute({ key }: MediaServableQuery): Promise<boolean> {
    const image = imageOfKey(key);
    if (!image) return false;
    const rows = await this.tenant.run(image.tenantId, () =>
      this.db.read(
        `select 1 from product_image i join product p on p.id = i.product_id
          where i.id = ? and p.deleted_at is null`,
        [image.imageId],
      ),
    );
    return rows.length > 0;
  }
}
