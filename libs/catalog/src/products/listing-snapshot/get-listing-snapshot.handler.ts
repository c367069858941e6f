import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TenantDatabase } from '@stoflow/core';
import { ProductNotFound } from '../product.errors';
import { ProductReader } from '../product-reader';
import { isProductId, ProductView } from '../product-view';
import { GetListingSnapshotQuery, ListingAttributes, ListingSnapshot } from './get-listing-snapshot.query';
import { toAttributeView } from '../../attributes/attribute-row';

type Single = Exclude<keyof ListingAttributes, 'colors' | 'materials'>;

const SINGLE: Record<Single, { table: string; field: keyof ProductView }> = {
  brand: { table: 'brands', field: 'brandId' },
  category: { table: 'categories', field: 'categoryId' },
  condition: { table: 'conditions', field: 'conditionId' },
  size: { table: 'sizes', field: 'sizeId' },
  gender: { table: 'genders', field: 'genderId' },
  season: { table: 'seasons', field: 'seasonId' },
  fit: { table: 'fits', field: 'fitId' },
};

/** The product and, in a second statement, every reference row it points at (one row per attribute). */
@QueryHandler(GetListingSnapshotQuery)
export class GetListingSnapshotHandler implements IQueryHandler<GetListingSnapshotQuery, ListingSnapshot> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly reader: ProductReader,
  ) {}

  async execute({ productId }: GetListingSnapshotQuery): Promise<ListingSnapshot> {
    if (!isProductId(productId)) throw new ProductNotFound(productId);
    return this.db.transaction(
      async (em) => {
        const product = await this.reader.byId(em, productId);
        if (!product) throw new ProductNotFound(productId);
        const parts: string[] = [];
        const params: unknown[] = [];
        for (const [key, { table, field }] of Object.entries(SINGLE) as [Single, (typeof SINGLE)[Single]][]) {
          if (product[field] === null) continue;
          parts.push(`select ?::text as key, to_jsonb(t) as row from product_attributes.${table} t where id = ?`);
          params.push(key, product[field]);
        }
        for (const [key, table, ids] of [
          ['colors', 'colors', product.colorIds],
          ['materials', 'materials', product.materialIds],
        ] as const) {
          if (ids.length === 0) continue;
          parts.push(
            `select ?::text as key, to_jsonb(t) as row from product_attributes.${table} t where id = any(?::int[])`,
          );
          params.push(key, `{${ids.join(',')}}`);
        }
        const rows = parts.length
          ? await em.execute<{ key: keyof ListingAttributes; row: Record<string, unknown> }[]>(
              parts.join(' union all '),
              params,
            )
          : [];
        const attributes: ListingAttributes = {
          brand: null,
          category: null,
          condition: null,
          size: null,
          gender: null,
          season: null,
          fit: null,
          colors: [],
          materials: [],
        };
        for (const { key, row } of rows) {
          const view = toAttributeView(row);
          if (key === 'colors' || key === 'materials') attributes[key].push(view);
          else attributes[key] = view;
        }
        // Keep the seller's order of colours and materials (the first colour is the main one on Vinted).
        attributes.colors.sort((a, b) => product.colorIds.indexOf(a.id) - product.colorIds.indexOf(b.id));
        attributes.materials.sort((a, b) => product.materialIds.indexOf(a.id) - product.materialIds.indexOf(b.id));
        return { product, attributes };
      },
      { readOnly: true },
    );
  }
}
