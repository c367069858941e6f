import { Command } from '@nestjs/cqrs';
import type { ReferenceSnapshotView } from '../reference-snapshots.repository';

/**
 * Reads Vinted's reference lists (catalog tree, size groups, then a bounded slice of the seeded brands) through
 * the user's extension, paced like every Vinted call, into a snapshot that `reference diff` compares with the
 * seeded ids. One refresh at a time across StoFlow: the user's own running one is answered again; another user's
 * is a 409.
 */
export class RefreshVintedReferenceCommand extends Command<ReferenceSnapshotView> {
  constructor(readonly userId: number) {
    super();
  }
}
