import { EntityManager } from '@mikro-orm/postgresql';

export interface ProductImageView {
  id: string;
  url: string;
  position: number;
}

/**
 * How product reads get their images, implemented by the images folder (see README-for-images.md): one query for
 * any number of products, in the caller's tenant transaction, URLs signed, ordered by position.
 */
export abstract class ProductImages {
  abstract of(em: EntityManager, productIds: string[]): Promise<Map<string, ProductImageView[]>>;
}
