import { MikroORM } from '@mikro-orm/postgresql';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toAttributeView } from '../../attribute-row';
import { VINTED_SIZE_GROUPS } from '../../vinted-size-groups';
import {
  GetVintedReferenceIdsQuery,
  SeededBrand,
  SeededCategory,
  SeededSize,
  SeededVintedReference,
} from './get-vinted-reference-ids.query';

const SIZE_COLUMNS = [...new Set(Object.values(VINTED_SIZE_GROUPS).map((g) => g.column))];

/** Shared reference data: read outside any tenant, ordered by id so the answer is stable. */
@QueryHandler(GetVintedReferenceIdsQuery)
export class GetVintedReferenceIdsHandler implements IQueryHandler<GetVintedReferenceIdsQuery, SeededVintedReference> {
  constructor(private readonly orm: MikroORM) {}

  async execute(): Promise<SeededVintedReference> {
    const em = this.orm.em.fork();
    const categories = await em.execute<
      {
        id: number;
        code: string;
        name: string;
        vinted_catalog_id: number;
        vinted_path: string | null;
        gone: Date | null;
      }[]
    >(
      `select id, code, name, vinted_catalog_id, vinted_path, vinted_gone_at as gone
         from product_attributes.categories where vinted_catalog_id is not null order by id`,
    );
    const sizes = await em.execute<Record<string, unknown>[]>('select * from product_attributes.sizes order by id');
    const brands = await em.execute<{ id: number; code: string; name: string; vinted_brand_id: number | null }[]>(
      'select id, code, name, vinted_brand_id from product_attributes.brands order by id',
    );
    return {
      categories: categories.map((c): SeededCategory => ({
        id: c.id,
        code: c.code,
        name: c.name,
        vintedCatalogId: c.vinted_catalog_id,
        vintedPath: c.vinted_path,
        vintedTitle: c.vinted_path?.split(' > ').pop()?.trim() || null,
        vintedGoneAt: c.gone ? new Date(c.gone).toISOString() : null,
      })),
      sizes: sizes.map((row): SeededSize => {
        const view = toAttributeView(row);
        const vintedIds: Record<string, number> = {};
        for (const column of SIZE_COLUMNS) {
          if (typeof view[column] === 'number') vintedIds[column] = view[column];
        }
        return { id: view.id, code: view.code, name: view.name, shoe: view.sizeGroup === 'shoe_eu', vintedIds };
      }),
      brands: brands.map((b): SeededBrand => ({
        id: b.id,
        code: b.code,
        name: b.name,
        vintedBrandId: b.vinted_brand_id,
      })),
    };
  }
}
