export interface ProductImageView {
  id: string;
  url: string;
  position: number;
}

/**
 * How product reads get their images, implemented by the images folder (see README-for-images.md): a column the
 * product query selects (so images cost no extra query, whatever the number of products), and the mapping of
 * that column to signed views, ordered by position.
 */
export abstract class ProductImages {
  /**
   * A scalar SQL subquery, selected `as images` next to the product row: a JSON array (never null) of the images
   * of the product whose id is the SQL expression `productId`, ordered by position.
   */
  abstract column(productId: string): string;

  /** Turns what `column` selected into the views API responses show (URLs signed). */
  abstract views(raw: unknown): ProductImageView[];
}
