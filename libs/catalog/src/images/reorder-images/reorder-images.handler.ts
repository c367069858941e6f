import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantDatabase, ValidationFailed } from '@stoflow/core';
import { ProductImageRepository, ProductImageView } from '../product-image.repository';
import { ReorderImagesCommand } from './reorder-images.command';

@CommandHandler(ReorderImagesCommand)
export class ReorderImagesHandler implements ICommandHandler<ReorderImagesCommand, ProductImageView[]> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly images: ProductImageRepository,
  ) {}

  async execute({ productId, imageIds }: ReorderImagesCommand): Promise<ProductImageView[]> {
    return this.db.transaction(async (em) => {
      await this.images.lockLiveProduct(em, productId);
      const current = await this.images.ofProduct(em, productId);
      assertSameSet(
        current.map((i) => i.id),
        imageIds,
      );
      const byId = new Map(current.map((i) => [i.id, i]));
      const moved = imageIds.some((id, position) => byId.get(id)!.position !== position);
      // The (product, position) unique constraint is deferred: intermediate duplicates are fine until commit.
      imageIds.forEach((id, position) => (byId.get(id)!.position = position));
      await em.flush();
      // The same order again changes nothing: no new version, no event.
      if (moved) await this.images.productChanged(em, productId);
      return imageIds.map((id) => this.images.view(byId.get(id)!));
    });
  }
}

function assertSameSet(actual: string[], given: string[]): void {
  const known = new Set(actual);
  const seen = new Set<string>();
  const details = [];
  for (const id of given) {
    if (!known.has(id)) details.push({ field: 'imageIds', issue: `${id} is not an image of this product` });
    else if (seen.has(id)) details.push({ field: 'imageIds', issue: `${id} is listed twice` });
    seen.add(id);
  }
  for (const id of actual) if (!seen.has(id)) details.push({ field: 'imageIds', issue: `${id} is missing` });
  if (details.length > 0) {
    throw new ValidationFailed("imageIds must list exactly this product's images, each once", details);
  }
}
