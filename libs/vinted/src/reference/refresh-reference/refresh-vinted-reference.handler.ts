import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { GetVintedReferenceIdsQuery } from '@stoflow/catalog';
import { BusinessRuleViolation, Conflict, TenantContext, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { GetVintedConnectionQuery } from '../../plugin/devices/get-connection/get-connection.query';
import { PluginSettings } from '../../plugin/plugin-settings';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import { VintedWebClient } from '../../vinted-web/vinted-web.client';
import { ReferenceSnapshotsRepository, ReferenceSnapshotView, toSnapshotView } from '../reference-snapshots.repository';
import { referenceCall, referenceStep } from '../reference-steps';
import { RefreshVintedReferenceCommand } from './refresh-vinted-reference.command';

/** A run not ended within this is not waited for: it is marked failed and the next request starts another. */
export const REFERENCE_FRESH_MS = 60 * 60_000;

/** Runs are serialised on this advisory lock (any number, the same in every process). */
const LOCK = 0x7e_f0_01;

@CommandHandler(RefreshVintedReferenceCommand)
export class RefreshVintedReferenceHandler implements ICommandHandler<
  RefreshVintedReferenceCommand,
  ReferenceSnapshotView
> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly queries: QueryBus,
    private readonly snapshots: ReferenceSnapshotsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
    private readonly settings: PluginSettings,
  ) {}

  async execute({ userId }: RefreshVintedReferenceCommand): Promise<ReferenceSnapshotView> {
    if (!(await this.queries.execute(new GetVintedConnectionQuery(userId))).paired) {
      throw new BusinessRuleViolation(
        'MARKETPLACE_NOT_CONNECTED',
        'Vinted is not connected: install the StoFlow extension and pair it with your account first',
        [{ field: 'marketplace', issue: 'vinted is not connected', marketplace: 'vinted' }],
      );
    }
    const seeded = await this.queries.execute(new GetVintedReferenceIdsQuery());
    const started = await this.snapshots.em().transactional(async (em) => {
      await em.execute('select pg_advisory_xact_lock(?)', [LOCK]);
      await this.snapshots.abandonStale(em, REFERENCE_FRESH_MS);
      const running = await this.snapshots.running(em, REFERENCE_FRESH_MS);
      if (running && Number(running.user_id) === userId) return { row: running, fresh: false };
      if (running) {
        throw new Conflict(
          `A refresh of Vinted's reference data is already running (started ${new Date(running.started_at).toISOString()}); try again when it has ended`,
        );
      }
      const brands = brandSlice(seeded.brands, await this.snapshots.lastBrandEnd(em), this.settings.referenceBrands);
      return { row: await this.snapshots.start(em, randomUUID(), userId, brands), fresh: true };
    });
    if (!started.fresh) return toSnapshotView(started.row);
    const snapshotId = started.row.id;
    try {
      const later: (() => Promise<unknown>)[] = [];
      await this.tenant.run(userId, () =>
        this.db.transaction(async (em) => {
          const part = { kind: 'catalogs' } as const;
          const call = referenceCall(this.web, part, []);
          await this.queue.enqueue(
            em,
            userId,
            { step: referenceStep(snapshotId, part), method: call.method, url: call.url, timeoutMs: call.timeoutMs },
            { later: (work) => later.push(work) },
          );
        }),
      );
      await Promise.all(later.map((work) => work()));
    } catch (error) {
      await this.snapshots.end(this.snapshots.em(), snapshotId, 'the first call could not be queued');
      throw error;
    }
    return toSnapshotView(started.row);
  }
}

/**
 * `count` brands from `from` on, round the list: each run searches the next slice, so every seeded brand is
 * checked in turn without one run making hundreds of Vinted calls.
 */
export function brandSlice(
  brands: { id: number; name: string }[],
  from: number,
  count: number,
): { ids: number[]; keywords: string[]; offset: number } {
  if (brands.length === 0 || count <= 0) return { ids: [], keywords: [], offset: 0 };
  const offset = from % brands.length;
  const slice = Array.from({ length: Math.min(count, brands.length) }, (_, i) => brands[(offset + i) % brands.length]);
  return { ids: slice.map((b) => b.id), keywords: slice.map((b) => b.name), offset };
}
