import { Command } from '@nestjs/cqrs';

export interface ReferenceRename {
  /** StoFlow's row id. */
  id: number;
  /** Vinted's title as StoFlow holds it, and Vinted's title now. */
  from: string;
  to: string;
}

export interface VintedReferenceChanges {
  /** Categories whose Vinted catalog was renamed: the last part of `vinted_path` (and of the paths below it). */
  categoryRenames: ReferenceRename[];
  /** Brands Vinted renamed (same id). */
  brandRenames: ReferenceRename[];
  /** Categories whose Vinted catalog is gone from Vinted's full tree: no longer listable on Vinted. */
  goneCategoryIds: number[];
}

/** What was changed: rows, not requests (a second run of the same changes counts zeros). */
export interface VintedReferenceApplied {
  categoriesRenamed: number;
  brandsRenamed: number;
  categoriesMarkedGone: number;
}

/**
 * Brings the reference tables in line with what Vinted's lists say, in one transaction. Idempotent: a rename
 * applies to rows that still carry the old title, a gone catalog is marked once. A category's StoFlow `name`
 * follows a rename only when it was Vinted's old title (a name StoFlow chose stays).
 */
export class ApplyVintedReferenceChangesCommand extends Command<VintedReferenceApplied> {
  constructor(readonly changes: VintedReferenceChanges) {
    super();
  }
}
