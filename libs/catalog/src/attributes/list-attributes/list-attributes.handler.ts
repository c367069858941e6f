import { MikroORM } from '@mikro-orm/postgresql';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound, Page, ValidationFailed } from '@stoflow/core';
import { isAttributeType } from '../attribute-types';
import { AttributeView, ListAttributesQuery } from './list-attributes.query';
import { toAttributeView } from '../attribute-row';

/**
 * Reference data is shared by all tenants, so no tenant transaction. Search folds `q` with the same SQL
 * function as the stored `search_name` column (accents, case, ß, œ alike); prefix matches come first.
 */
@QueryHandler(ListAttributesQuery)
export class ListAttributesHandler implements IQueryHandler<ListAttributesQuery, Page<AttributeView>> {
  constructor(private readonly orm: MikroORM) {}

  async execute({ type, page, limit, q, parentId }: ListAttributesQuery): Promise<Page<AttributeView>> {
    if (!isAttributeType(type)) throw new NotFound('Attribute type', type);
    if (parentId !== undefined && type !== 'categories') {
      throw new ValidationFailed('parentId applies to categories only', [
        { field: 'parentId', issue: 'not allowed here' },
      ]);
    }
    const conditions: string[] = [];
    const params: unknown[] = [];
    const pattern = q ? escapeLike(q) : undefined;
    if (pattern) {
      conditions.push(`search_name like '%' || product_attributes.fold(?) || '%' escape '\\'`);
      params.push(pattern);
    }
    if (parentId !== undefined) {
      conditions.push('parent_id = ?');
      params.push(parentId);
    }
    const from = `from product_attributes.${type}${conditions.length ? ` where ${conditions.join(' and ')}` : ''}`;
    const em = this.orm.em.fork();
    const [{ total }] = await em.execute<{ total: number }[]>(`select count(*)::int as total ${from}`, params);
    const prefixFirst = pattern ? `search_name like product_attributes.fold(?) || '%' escape '\\' desc, ` : '';
    const rows = await em.execute<Record<string, unknown>[]>(
      `select * ${from} order by ${prefixFirst}name, id limit ? offset ?`,
      [...params, ...(pattern ? [pattern] : []), limit, (page - 1) * limit],
    );
    return { items: rows.map(toAttributeView), total, page, limit };
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
