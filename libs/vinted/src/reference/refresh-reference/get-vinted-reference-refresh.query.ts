import { Query } from '@nestjs/cqrs';
import type { ReferenceSnapshotView } from '../reference-snapshots.repository';

/** One refresh the user started (another user's is not found). */
export class GetVintedReferenceRefreshQuery extends Query<ReferenceSnapshotView> {
  constructor(
    readonly userId: number,
    readonly snapshotId: string,
  ) {
    super();
  }
}
