import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { GetVintedReferenceIdsQuery } from '@stoflow/catalog';
import { BusinessRuleViolation, NotFound } from '@stoflow/core';
import { UnexpectedVintedAnswer, VintedWebClient } from '../../vinted-web/vinted-web.client';
import { diffVintedReference, VintedReference } from '../reference-diff';
import { ReferenceSnapshotsRepository, SnapshotRow, toSnapshotView } from '../reference-snapshots.repository';
import { GetVintedReferenceDiffQuery, VintedReferenceDiffView } from './get-vinted-reference-diff.query';

@QueryHandler(GetVintedReferenceDiffQuery)
export class GetVintedReferenceDiffHandler implements IQueryHandler<
  GetVintedReferenceDiffQuery,
  VintedReferenceDiffView
> {
  constructor(
    private readonly queries: QueryBus,
    private readonly snapshots: ReferenceSnapshotsRepository,
    private readonly web: VintedWebClient,
  ) {}

  async execute({ snapshotId }: GetVintedReferenceDiffQuery): Promise<VintedReferenceDiffView> {
    const em = this.snapshots.em();
    const row = snapshotId ? await this.snapshots.byId(em, snapshotId) : await this.snapshots.latestCompleted(em);
    if (!row && snapshotId) throw new NotFound('Vinted reference snapshot', snapshotId);
    if (!row) {
      throw new BusinessRuleViolation(
        'NO_REFERENCE_SNAPSHOT',
        'No refresh of Vinted’s reference data has completed yet: run `reference refresh <user>` first',
      );
    }
    const seeded = await this.queries.execute(new GetVintedReferenceIdsQuery());
    return { snapshot: toSnapshotView(row), diff: diffVintedReference(seeded, this.read(row)) };
  }

  /** The snapshot's raw answers through the adapter's readers (a part it cannot read counts as not read). */
  private read(row: SnapshotRow): VintedReference {
    const attempt = <T>(read: () => T): T | null => {
      try {
        return read();
      } catch (error) {
        if (error instanceof UnexpectedVintedAnswer) return null;
        throw error;
      }
    };
    const { raw } = row;
    const catalogs = raw.catalogs === undefined ? null : attempt(() => this.web.readCatalogs(raw.catalogs));
    const sizeGroups = raw.sizeGroups === undefined ? null : attempt(() => this.web.readSizeGroups(raw.sizeGroups));
    const brandIds = raw.brandIds ?? [];
    const brandSearches = Object.entries(raw.brands ?? {}).flatMap(([index, body]) => {
      const results = attempt(() => this.web.readBrands(body));
      const brandId = brandIds[Number(index)];
      return results && brandId !== undefined ? [{ brandId, results }] : [];
    });
    const complete = row.status === 'completed' && catalogs !== null && sizeGroups !== null;
    return { catalogs, sizeGroups, brandSearches, complete };
  }
}
