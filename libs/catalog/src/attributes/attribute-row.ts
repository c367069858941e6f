import type { AttributeView } from './list-attributes/list-attributes.query';

/** A reference row as the API and the marketplace modules see it: columns camelCased, the search column left out. */
export function toAttributeView(row: Record<string, unknown>): AttributeView {
  const view: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column !== 'search_name') view[column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return view as AttributeView;
}
