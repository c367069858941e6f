import { Injectable } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, TenantDatabase } from '@stoflow/core';
import { ProductReader } from '../product-reader';
import { ProductView } from '../product-view';
import { ListProductsJsonQuery, ListProductsQuery, ProductFilter, ProductSort } from './list-products.query';

const COLUMNS: Record<string, string> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  price: 'price',
  title: 'title',
};

/**
 * A page of products as the API's JSON, in one statement whatever the page size: PostgreSQL counts, picks the
 * page (only its rows are turned into JSON, however deep the offset) and builds the whole `items` array, listings
 * and images included; Node only signs image URLs and wraps it.
 */
@Injectable()
export class ProductPages {
  constructor(
    private readonly db: TenantDatabase,
    private readonly reader: ProductReader,
  ) {}

  async json({ filter, sort, page, limit }: ListProductsJsonQuery | ListProductsQuery): Promise<string> {
    const { where, params } = conditions(filter);
    // Unfiltered, the total is the tally the triggers keep (migration 0710) instead of a count of every product.
    const total = where
      ? `(select count(*) from product p where p.deleted_at is null${where})::int`
      : '(select live from product_tally)';
    // `pr`: the page's rows (only they become JSON, however deep the offset); json_agg orders by their columns.
    const [row] = await this.db.read<{ total: number; items: string }>(
      `select ${total} as total,
         (select coalesce(json_agg(v order by ${orderBy(sort, 'pr')}), '[]') from (
           select p.* from product p where p.deleted_at is null${where} order by ${orderBy(sort, 'p')} limit ? offset ?
         ) pr cross join lateral (select ${this.reader.columns('pr')}) v)::text as items`,
      [...params, ...params, limit, (page - 1) * limit],
    );
    return `{"items":${this.reader.render(row.items)},"total":${row.total},"page":${page},"limit":${limit}}`;
  }
}

/** What the HTTP route answers: the page already serialised. */
@QueryHandler(ListProductsJsonQuery)
export class ListProductsJsonHandler implements IQueryHandler<ListProductsJsonQuery, string> {
  constructor(private readonly pages: ProductPages) {}

  execute(query: ListProductsJsonQuery): Promise<string> {
    return this.pages.json(query);
  }
}

/** The same page as objects, for other modules. */
@QueryHandler(ListProductsQuery)
export class ListProductsHandler implements IQueryHandler<ListProductsQuery, Page<ProductView>> {
  constructor(private readonly pages: ProductPages) {}

  async execute(query: ListProductsQuery): Promise<Page<ProductView>> {
    return JSON.parse(await this.pages.json(query)) as Page<ProductView>;
  }
}

function conditions(filter: ProductFilter): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.status) {
    parts.push('p.status = ?');
    params.push(filter.status);
  }
  if (filter.brandId) {
    parts.push('p.brand_id = ?');
    params.push(filter.brandId);
  }
  if (filter.categoryId) {
    parts.push(`p.category_id in (with recursive tree(id) as (select ?::int union all
      select c.id from product_attributes.categories c join tree on c.parent_id = tree.id) select id from tree)`);
    params.push(filter.categoryId);
  }
  if (filter.marketplace) {
    parts.push('exists (select 1 from product_listing l where l.product_id = p.id and l.marketplace = ?)');
    params.push(filter.marketplace);
  }
  if (filter.q) {
    parts.push(
      `product_attributes.fold(p.title || ' ' || p.sku) like '%' || product_attributes.fold(?) || '%' escape '\\'`,
    );
    params.push(filter.q.replace(/[\\%_]/g, (c) => `\\${c}`));
  }
  return { where: parts.map((part) => ` and ${part}`).join(''), params };
}

function orderBy(sort: ProductSort, alias: string): string {
  const descending = sort.startsWith('-');
  const column = COLUMNS[descending ? sort.slice(1) : sort];
  const direction = descending ? 'desc' : 'asc';
  // Titles sort as people read them ("Éclair" next to "Eclair", not after "Zara"), whatever the database's own
  // collation (often C): ICU's root collation, present in every PostgreSQL we run (embedded included).
  const collation = column === 'title' ? ' collate "und-x-icu"' : '';
  return `${alias}.${column}${collation} ${direction}, ${alias}.id ${direction}`;
}
