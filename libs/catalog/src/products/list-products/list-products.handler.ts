import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, TenantDatabase } from '@stoflow/core';
import { ProductReader, ProductRow } from '../product-reader';
import { ProductView } from '../product-view';
import { ListProductsQuery, ProductFilter, ProductSort } from './list-products.query';

const COLUMNS: Record<string, string> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  price: 'price',
  title: 'title',
};

/**
 * One round trip whatever the page size: the count and the page (listings and images folded in) are one
 * statement, run by TenantDatabase.read. The count is a one-row CTE the page is left-joined to, so an empty
 * page still brings the total (as one row whose id is null, which the reader skips).
 */
@QueryHandler(ListProductsQuery)
export class ListProductsHandler implements IQueryHandler<ListProductsQuery, Page<ProductView>> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly reader: ProductReader,
  ) {}

  async execute({ filter, sort, page, limit }: ListProductsQuery): Promise<Page<ProductView>> {
    const { where, params } = conditions(filter);
    const rows = await this.db.read<ProductRow & { total: number }>(
      `with counted as (select count(*)::int as total from product p where p.deleted_at is null${where})
       select counted.total, page.* from counted left join lateral (
         ${this.reader.sql}${where} order by ${orderBy(sort)} limit ? offset ?) page on true`,
      [...params, ...params, limit, (page - 1) * limit],
    );
    return { items: this.reader.views(rows), total: rows[0].total, page, limit };
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

function orderBy(sort: ProductSort): string {
  const descending = sort.startsWith('-');
  const column = COLUMNS[descending ? sort.slice(1) : sort];
  const direction = descending ? 'desc' : 'asc';
  return `p.${column} ${direction}, p.id ${direction}`;
}
