import { Query } from '@nestjs/cqrs';
import type { Page } from '@stoflow/core';

/** A reference row: id, code, name(s) and the marketplaces' ids, camelCased from its table's columns. */
export type AttributeView = { id: number; code: string; name: string } & Record<string, unknown>;

export class ListAttributesQuery extends Query<Page<AttributeView>> {
  constructor(
    readonly type: string,
    readonly page: number,
    readonly limit: number,
    readonly q?: string,
    readonly parentId?: number,
    /** Categories only: the roots of the tree. */
    readonly root?: boolean,
    /** Sizes only: those of this category's Vinted size group. */
    readonly categoryId?: number,
  ) {
    super();
  }
}
