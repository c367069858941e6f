import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ProductImages } from './product-images.port';
import { ListingView, ProductView } from './product-view';

export interface ProductRow {
  id: string;
  sku: string;
  title: string;
  description: string;
  price: string;
  currency: string;
  brand_id: number | null;
  category_id: number | null;
  condition_id: number | null;
  color_ids: number[];
  material_ids: number[];
  size_id: number | null;
  gender_id: number | null;
  season_id: number | null;
  fit_id: number | null;
  package_size: ProductView['packageSize'];
  weight_grams: number | null;
  stock_quantity: number;
  status: ProductView['status'];
  version: number;
  /** MikroORM's pg type parsers leave timestamps as text. */
  created_at: string;
  updated_at: string;
  listings: (Omit<ListingView, 'updatedAt'> & { updatedAt: string })[];
  /** What ProductImages.column selected. */
  images: unknown;
}

/** Live products of the tenant schema the transaction is on, with their listings and images folded into the row. */
function productSelect(images: ProductImages): string {
  return `select p.id, p.sku, p.title, p.description, p.price::text as price, p.currency,
    p.brand_id, p.category_id, p.condition_id, p.color_ids, p.material_ids, p.size_id, p.gender_id, p.season_id,
    p.fit_id, p.package_size, p.weight_grams, p.stock_quantity, p.status, p.version, p.created_at, p.updated_at,
    coalesce((select json_agg(json_build_object('marketplace', l.marketplace, 'status', l.status,
        'externalId', l.external_id, 'url', l.url, 'lastError', l.last_error, 'updatedAt', l.updated_at)
        order by l.marketplace) from product_listing l where l.product_id = p.id), '[]') as listings,
    ${images.column('p.id')} as images
  from product p where p.deleted_at is null`;
}

/** The read side of products: one query for the rows, listings and images included, whatever their number. */
@Injectable()
export class ProductReader {
  /** Live products (`p`) with everything a ProductView needs; callers append ` and ...`, order and limit. */
  readonly sql: string;

  constructor(private readonly images: ProductImages) {
    this.sql = productSelect(images);
  }

  async byId(em: EntityManager, id: string): Promise<ProductView | undefined> {
    const [view] = await this.select(em, `${this.sql} and p.id = ?`, [id]);
    return view;
  }

  /** Runs a query that starts with `sql` and maps its rows. */
  async select(em: EntityManager, sql: string, params: unknown[]): Promise<ProductView[]> {
    return this.views(await em.execute<ProductRow[]>(sql, params));
  }

  /** Maps rows selected with `sql` (rows whose id is null, as a left join leaves them, are skipped). */
  views(rows: ProductRow[]): ProductView[] {
    const views: ProductView[] = [];
    for (const row of rows) if (row.id !== null) views.push(toView(row, this.images.views(row.images)));
    return views;
  }
}

function toView(row: ProductRow, images: ProductView['images']): ProductView {
  return {
    id: row.id,
    sku: row.sku,
    title: row.title,
    description: row.description,
    price: row.price,
    currency: row.currency,
    brandId: row.brand_id,
    categoryId: row.category_id,
    conditionId: row.condition_id,
    colorIds: row.color_ids,
    materialIds: row.material_ids,
    sizeId: row.size_id,
    genderId: row.gender_id,
    seasonId: row.season_id,
    fitId: row.fit_id,
    packageSize: row.package_size,
    weightGrams: row.weight_grams,
    stockQuantity: row.stock_quantity,
    status: row.status,
    version: row.version,
    images,
    listings: row.listings.map((l) => ({ ...l, updatedAt: new Date(l.updatedAt).toISOString() })),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
