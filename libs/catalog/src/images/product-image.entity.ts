import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** One image of a product; the bytes are in media storage under `storageKey` and `thumbnailKey`. */
@Entity({ schema: '*', tableName: 'product_image' })
export class ProductImage {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  productId!: string;

  /** 0 is the cover; 0..n-1 without gaps. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text' })
  storageKey!: string;

  @Property({ type: 'text' })
  thumbnailKey!: string;

  @Property({ type: 'integer' })
  width!: number;

  @Property({ type: 'integer' })
  height!: number;

  @Property({ type: 'integer' })
  sizeBytes!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
