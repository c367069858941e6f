import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ProductImages } from './product-images.port';
import { ProductView } from './product-view';

/** ISO 8601 UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The fields of a ProductView as columns of the product row `p` (any alias): the API's names and order, money as
 * text, times in ISO 8601 UTC, listings and images as the JSON the row keeps of them (migration 0720: triggers
 * on product_image and product_listing maintain it, so no subquery per product). `to_json` of a row of these
 * columns is the product as the API answers it, so reads hand PostgreSQL's text on as it is (after signing image
 * URLs): no row parsing, no mapping, no serialising in Node.
 */
function productColumns(images: ProductImages, p: string): string {
  return `${p}.id, ${p}.sku, ${p}.title, ${p}.description, ${p}.price::text as price, ${p}.currency,
    ${p}.brand_id as "brandId", ${p}.category_id as "categoryId", ${p}.condition_id as "conditionId",
    ${p}.color_ids as "colorIds", ${p}.material_ids as "materialIds", ${p}.size_id as "sizeId",
    ${p}.gender_id as "genderId", ${p}.season_id as "seasonId", ${p}.fit_id as "fitId",
    ${p}.package_size as "packageSize", ${p}.when_made as "whenMade", ${p}.weight_grams as "weightGrams", ${p}.stock_quantity as "stockQuantity",
    ${p}.relist_on_cancel as "relistOnCancel", ${p}.unmapped as "unmappedAttributes",
    ${p}.status, ${p}.version, ${images.column(p)} as images, ${p}.listings_json as listings,
    ${iso(`${p}.created_at`)} as "createdAt", ${iso(`${p}.updated_at`)} as "updatedAt"`;
}

/** The read side of products: one query whatever the number of products, listings and images included. */
@Injectable()
export class ProductReader {
  constructor(private readonly images: ProductImages) {}

  /**
   * The select list of a ProductView from the product row aliased `alias`: `to_json` of a row of it (e.g.
   * `json_agg(v)` over `cross join lateral (select <columns>) v`) is the product's JSON, to select `::text`.
   */
  columns(alias: string): string {
    return productColumns(this.images, alias);
  }

  /** Makes JSON selected through `columns()` what the API answers (image URLs signed). */
  render(json: string): string {
    return this.images.sign(json);
  }

  async byId(em: EntityManager, id: string): Promise<ProductView | undefined> {
    const [row] = await em.execute<{ product: string }[]>(
      `select to_json(v)::text as product from product p cross join lateral (select ${this.columns('p')}) v
        where p.deleted_at is null and p.id = ?`,
      [id],
    );
    return row ? (JSON.parse(this.render(row.product)) as ProductView) : undefined;
  }
}
