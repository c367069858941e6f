import { EntityManager } from '@mikro-orm/postgresql';
import { ValidationFailed } from '@stoflow/core';
import { PRODUCT_ATTRIBUTE_FIELDS, ProductAttributeField, ProductAttributeIds } from './attribute-types';

/**
 * Checks, in one query, that every attribute id given exists in its reference table; throws 400
 * VALIDATION_FAILED naming each field that points nowhere. Absent and null fields are not checked.
 */
export async function assertAttributesExist(em: EntityManager, ids: ProductAttributeIds): Promise<void> {
  const checks: string[] = [];
  for (const [field, table] of Object.entries(PRODUCT_ATTRIBUTE_FIELDS) as [ProductAttributeField, string][]) {
    const value = ids[field];
    if (value === undefined || value === null) continue;
    const wanted = [...new Set([value].flat())];
    if (wanted.length === 0) continue;
    // Ids are integers validated by the DTO; they are inlined as an array literal, the field name is ours.
    if (!wanted.every(Number.isSafeInteger)) throw new TypeError(`${field} must hold integers`);
    checks.push(
      `select '${field}' as field where (select count(*) from product_attributes.${table} ` +
        `where id = any('{${wanted.join(',')}}'::int[])) <> ${wanted.length}`,
    );
  }
  if (checks.length === 0) return;
  const missing = await em.execute<{ field: ProductAttributeField }[]>(checks.join(' union all '));
  if (missing.length === 0) return;
  throw new ValidationFailed(
    `Unknown ${missing.map((m) => m.field).join(', ')}: use ids from /api/attributes`,
    missing.map(({ field }) => ({
      field,
      issue: `no such ${singular(PRODUCT_ATTRIBUTE_FIELDS[field])}${Array.isArray(ids[field]) ? ' among these ids' : ''}`,
    })),
  );
}

function singular(table: string): string {
  return table === 'categories' ? 'category' : table.replace(/s$/, '');
}
