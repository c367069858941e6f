export interface ProductImageView {
  id: string;
  url: string;
  position: number;
}

/**
 * How product reads get their images, implemented by the images folder (see README-for-images.md): a column the
 * product query selects (so images cost no extra query, whatever the number of products), and the step that
 * signs their URLs in the JSON PostgreSQL built.
 */
export abstract class ProductImages {
  /**
   * A SQL expression on the product row aliased `product`, embedded in the product's JSON: a JSON array (never
   * null) of its images, ordered by position, with storage keys where the URLs go.
   */
  abstract column(product: string): string;

  /** Turns every image `column` put in `json` (a JSON text built by PostgreSQL) into its view: URLs signed. */
  abstract sign(json: string): string;
}
