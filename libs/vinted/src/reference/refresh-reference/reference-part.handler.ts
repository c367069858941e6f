import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { firstDelivery, TenantContext, TenantDatabase } from '@stoflow/core';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import { classifyVintedAnswer, UnexpectedVintedAnswer, VintedWebClient } from '../../vinted-web/vinted-web.client';
import { ReferenceSnapshotsRepository } from '../reference-snapshots.repository';
import { nextPart, parseReferenceStep, ReferencePart, referenceCall, referenceStep } from '../reference-steps';

/** Calls of one part answered in vain (no answer, 5xx) before the run stops; the next run reads it again. */
const MAX_ATTEMPTS = 3;

type PartEvent = PluginTaskCompletedEvent | PluginTaskFailedEvent;

/**
 * A part of a refresh came back: its answer is kept in the snapshot (once, however often the event comes), after
 * a check that the adapter can read it, then the next part is asked for, until the last ends the run. Events come
 * at least once: the next part is asked for once per delivered event (`firstDelivery`).
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class ReferencePartHandler implements IEventHandler<PartEvent> {
  private readonly log = new Logger(ReferencePartHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly snapshots: ReferenceSnapshotsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async handle(event: PartEvent): Promise<void> {
    const step = parseReferenceStep(event.step);
    if (!step || event.tenantId === null) return;
    const tenantId = event.tenantId;
    try {
      await this.tenant.run(tenantId, () =>
        event instanceof PluginTaskCompletedEvent ? this.partRead(event, step) : this.partFailed(event, step),
      );
    } catch (error) {
      this.log.error(
        { err: error, tenantId, snapshotId: step.snapshotId },
        'A part of a Vinted reference refresh failed',
      );
    }
  }

  private async partRead(
    event: PluginTaskCompletedEvent,
    { snapshotId, part }: { snapshotId: string; part: ReferencePart },
  ): Promise<void> {
    const outcome = classifyVintedAnswer({ ok: true, status: event.status, body: event.body });
    if (outcome.kind !== 'ok') return this.stop(snapshotId, outcome.message);
    try {
      if (part.kind === 'catalogs') this.web.readCatalogs(outcome.body);
      else if (part.kind === 'size-groups') this.web.readSizeGroups(outcome.body);
      else this.web.readBrands(outcome.body);
    } catch (error) {
      if (error instanceof UnexpectedVintedAnswer) return this.stop(snapshotId, error.message);
      throw error;
    }
    const em = this.snapshots.em();
    const path =
      part.kind === 'brand' ? ['brands', String(part.index)] : [part.kind === 'catalogs' ? 'catalogs' : 'sizeGroups'];
    await this.snapshots.keep(em, snapshotId, path, outcome.body);
    const snapshot = await this.snapshots.byId(em, snapshotId);
    if (!snapshot || snapshot.status !== 'running') return;
    const next = nextPart(part, snapshot.brand_keywords.length);
    if (!next) return this.snapshots.end(em, snapshotId);
    const later: (() => Promise<unknown>)[] = [];
    await this.db.transaction(async (tx) => {
      if (!(await firstDelivery(tx, ReferencePartHandler.name, event.eventId))) return;
      const call = referenceCall(this.web, next, snapshot.brand_keywords);
      await this.queue.enqueue(
        tx,
        event.tenantId!,
        { step: referenceStep(snapshotId, next), method: call.method, url: call.url, timeoutMs: call.timeoutMs },
        { later: (work) => later.push(work) },
      );
    });
    await Promise.all(later.map((work) => work()));
  }

  private async partFailed(event: PluginTaskFailedEvent, { snapshotId }: { snapshotId: string }): Promise<void> {
    const outcome = classifyVintedAnswer({
      ok: false,
      status: event.status,
      body: event.body,
      error: event.error ?? (event.reason === 'timeout' ? { code: 'NO_ANSWER', message: 'no answer in time' } : null),
    });
    if (outcome.retryable && event.attempt < MAX_ATTEMPTS) {
      const later: (() => Promise<unknown>)[] = [];
      await this.db.transaction(async (em) => {
        if (!(await firstDelivery(em, ReferencePartHandler.name, event.eventId))) return;
        const deadline = new Date(Date.now() + 15 * 60_000);
        await this.queue.resend(em, event.tenantId!, event.taskId, deadline, { later: (work) => later.push(work) });
      });
      await Promise.all(later.map((work) => work()));
      return;
    }
    await this.stop(snapshotId, outcome.message);
  }

  /** The run ends here, incomplete: what it read can show renames, never what is gone. */
  private stop(snapshotId: string, why: string): Promise<void> {
    return this.snapshots.end(this.snapshots.em(), snapshotId, why);
  }
}
