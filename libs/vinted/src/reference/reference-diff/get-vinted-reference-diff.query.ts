import { Query } from '@nestjs/cqrs';
import type { ReferenceDiff } from '../reference-diff';
import type { ReferenceSnapshotView } from '../reference-snapshots.repository';

export interface VintedReferenceDiffView {
  snapshot: ReferenceSnapshotView;
  diff: ReferenceDiff;
}

/** The seeded reference data compared with a refresh: the one named, else the latest completed one. */
export class GetVintedReferenceDiffQuery extends Query<VintedReferenceDiffView> {
  constructor(readonly snapshotId?: string) {
    super();
  }
}
