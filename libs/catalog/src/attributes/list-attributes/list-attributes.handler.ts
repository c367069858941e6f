import { MikroORM } from '@mikro-orm/postgresql';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound, Page, ValidationFailed } from '@stoflow/core';
import { isAttributeType } from '../attribute-types';
import { toAttributeView } from '../attribute-row';
import { VINTED_SIZE_GROUPS } from '../vinted-size-groups';
import { AttributeView, ListAttributesQuery } from './list-attributes.query';

/**
 * Categories as a tree a dashboard can walk: each with its path of names from the root, whether it is a leaf,
 * and where it can be listed as it is (Vinted and eBay want a leaf of their own trees, Etsy a taxonomy node).
 */
const CATEGORY_SELECT = `
  with recursive tree (id, path) as (
    select id, array[name] from product_attributes.categories where parent_id is null
    union all
    select c.id, t.path || c.name from product_attributes.categories c join tree t on c.parent_id = t.id
  )
  select c.*, t.path, c.parent_id is null as root,
         not exists (select 1 from product_attributes.categories k where k.parent_id = c.id) as is_leaf,
         jsonb_build_object(
           'vinted', c.vinted_catalog_id is not null and coalesce(c.vinted_leaf, true) and c.vinted_gone_at is null,
           'ebay', c.ebay_category_id is not null and coalesce(c.ebay_leaf, false),
           'etsy', c.etsy_taxonomy_id is not null
         ) as listable
    from product_attributes.categories c join tree t using (id)`;

/** A category's own Vinted size group, or the nearest ancestor's. */
const SIZE_GROUP_OF = `
  with recursive up (id, parent_id, grp, depth) as (
    select id, parent_id, vinted_size_group_id, 0 from product_attributes.categories where id = ?
    union all
    select p.id, p.parent_id, p.vinted_size_group_id, up.depth + 1
      from product_attributes.categories p join up on p.id = up.parent_id where up.grp is null
  )
  select (select grp from up where grp is not null order by depth limit 1) as grp, exists (select 1 from up) as found`;

/**
 * Reference data is shared by all tenants, so no tenant transaction. Search folds `q` with the same SQL
 * function as the stored `search_name` column (accents, case, ß, œ alike); prefix matches come first.
 */
@QueryHandler(ListAttributesQuery)
export class ListAttributesHandler implements IQueryHandler<ListAttributesQuery, Page<AttributeView>> {
  constructor(private readonly orm: MikroORM) {}

  async execute({
    type,
    page,
    limit,
    q,
    parentId,
    root,
    categoryId,
  }: ListAttributesQuery): Promise<Page<AttributeView>> {
    if (!isAttributeType(type)) throw new NotFound('Attribute type', type);
    const misplaced = [
      ...(parentId !== undefined && type !== 'categories' ? ['parentId'] : []),
      ...(root !== undefined && type !== 'categories' ? ['root'] : []),
      ...(categoryId !== undefined && type !== 'sizes' ? ['categoryId'] : []),
    ];
    if (misplaced.length > 0) {
      throw new ValidationFailed(
        `${misplaced.join(' and ')} ${misplaced.length > 1 ? 'apply' : 'applies'} to another attribute type`,
        misplaced.map((field) => ({ field, issue: 'not allowed here' })),
      );
    }
    const em = this.orm.em.fork();
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
    if (root !== undefined) conditions.push(root ? 'parent_id is null' : 'parent_id is not null');
    if (categoryId !== undefined) conditions.push(await this.fitting(categoryId));
    const source = type === 'categories' ? `(${CATEGORY_SELECT}) as a` : `product_attributes.${type}`;
    const from = `from ${source}${conditions.length ? ` where ${conditions.join(' and ')}` : ''}`;
    const [{ total }] = await em.execute<{ total: number }[]>(`select count(*)::int as total ${from}`, params);
    const prefixFirst = pattern ? `search_name like product_attributes.fold(?) || '%' escape '\\' desc, ` : '';
    const rows = await em.execute<Record<string, unknown>[]>(
      `select * ${from} order by ${prefixFirst}name, id limit ? offset ?`,
      [...params, ...(pattern ? [pattern] : []), limit, (page - 1) * limit],
    );
    return { items: rows.map(toAttributeView), total, page, limit };
  }

  /** The condition on sizes that keeps those of the category's Vinted size group (none for a category without). */
  private async fitting(categoryId: number): Promise<string> {
    const [{ grp, found }] = await this.orm.em
      .fork()
      .execute<{ grp: number | null; found: boolean }[]>(SIZE_GROUP_OF, [categoryId]);
    if (!found) throw new NotFound('Category', String(categoryId));
    const group = grp === null ? undefined : VINTED_SIZE_GROUPS[grp];
    if (!group) return 'false';
    const column = group.column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    return `${column} is not null and (size_group = 'shoe_eu') = ${group.shoes}`;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
