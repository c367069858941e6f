import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@stoflow/core';
import { ReferenceSnapshotsRepository, ReferenceSnapshotView, toSnapshotView } from '../reference-snapshots.repository';
import { GetVintedReferenceRefreshQuery } from './get-vinted-reference-refresh.query';

@QueryHandler(GetVintedReferenceRefreshQuery)
export class GetVintedReferenceRefreshHandler implements IQueryHandler<
  GetVintedReferenceRefreshQuery,
  ReferenceSnapshotView
> {
  constructor(private readonly snapshots: ReferenceSnapshotsRepository) {}

  async execute({ userId, snapshotId }: GetVintedReferenceRefreshQuery): Promise<ReferenceSnapshotView> {
    const row = await this.snapshots.byId(this.snapshots.em(), snapshotId);
    if (!row || Number(row.user_id) !== userId) throw new NotFound('Vinted reference refresh', snapshotId);
    return toSnapshotView(row);
  }
}
