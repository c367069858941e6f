import { Command } from '@nestjs/cqrs';
import type { VintedReferenceApplied } from '@stoflow/catalog';
import type { VintedReferenceDiffView } from '../reference-diff/get-vinted-reference-diff.query';

export interface VintedReferenceApplyResult extends VintedReferenceDiffView {
  applied: VintedReferenceApplied;
}

/**
 * Applies a refresh's diff to the reference data: renames (catalogs, brands) and gone catalogs marked as no longer
 * listable on Vinted. Nothing "new" is inserted: those are for a human to map. Idempotent.
 */
export class ApplyVintedReferenceCommand extends Command<VintedReferenceApplyResult> {
  constructor(readonly snapshotId?: string) {
    super();
  }
}
