import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { MarketplaceListingChangedEvent } from '@stoflow/catalog';
import { firstDelivery, Outbox, TenantDatabase } from '@stoflow/core';
import type { AfterCommit } from '@stoflow/publishing';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../plugin/tasks/plugin-task-events';
import { PluginTaskQueue } from '../plugin/tasks/plugin-task-queue';
import { classifyVintedAnswer, VintedCall, VintedOutcome, VintedWebClient } from '../vinted-web/vinted-web.client';
import { ImportPhotoCalls } from './import-photo-calls';
import { importItemStep, importPageCall, importPageStep, importPhotoStep } from './import-pages';
import { ImportState, VintedImportsRepository } from './vinted-imports.repository';

/** Calls of one step answered in vain (no answer, 5xx) before the import stops. */
const MAX_ATTEMPTS = 3;
/** A resent call not handed out by then is dropped (and the import with it): never a flood of stale calls. */
const RESEND_TTL_MS = 15 * 60_000;

export type StepEvent = PluginTaskCompletedEvent | PluginTaskFailedEvent;

/**
 * The one call at a time of an import, decided from its rows so a restarted worker carries on where it was: the
 * photos of the item just imported, then the next item's edit view, then the next page, and at the end of a pass
 * the Vinted listings it did not see are ended, but only when the pass was complete (every page read, none short,
 * as many items seen as Vinted counts). A product's stock is never touched here: only an order says an item sold.
 */
@Injectable()
export class ImportChain {
  constructor(
    private readonly db: TenantDatabase,
    private readonly imports: VintedImportsRepository,
    private readonly outbox: Outbox,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
    private readonly photos: ImportPhotoCalls,
  ) {}

  /** Vinted's answer to a step, as the extension reported it (success or failure). */
  outcome(event: StepEvent): VintedOutcome {
    if (event instanceof PluginTaskCompletedEvent) {
      return classifyVintedAnswer({ ok: true, status: event.status, body: event.body });
    }
    return classifyVintedAnswer({
      ok: false,
      status: event.status,
      body: event.body,
      error: event.error ?? (event.reason === 'timeout' ? { code: 'NO_ANSWER', message: 'no answer in time' } : null),
    });
  }

  /**
   * Runs `work` in one transaction with the import locked, once per delivered event, while the import runs;
   * then queues what comes next. Answers false when the event was a redelivery or the import no longer runs.
   */
  async step(
    event: StepEvent,
    importId: string,
    work: (em: EntityManager, state: ImportState) => Promise<void>,
  ): Promise<boolean> {
    const later: (() => Promise<unknown>)[] = [];
    const ran = await this.db.transaction(async (em) => {
      const state = await this.imports.lock(em, importId);
      if (!state || state.status !== 'running') return false;
      if (!(await firstDelivery(em, `vinted-import:${event.step?.split(':')[0]}`, event.eventId))) return false;
      await work(em, state);
      await this.next(em, event.tenantId!, importId, { later: (w) => later.push(w) });
      return true;
    });
    await Promise.all(later.map((w) => w()));
    return ran;
  }

  /** A step failed: sent again while it may succeed by itself, else the import stops with Vinted's reason. */
  async failed(
    event: StepEvent,
    importId: string,
    outcome: VintedOutcome,
    giveUp?: (em: EntityManager, state: ImportState) => Promise<void>,
  ): Promise<void> {
    if (outcome.retryable && event.attempt < MAX_ATTEMPTS) {
      const later: (() => Promise<unknown>)[] = [];
      await this.db.transaction(async (em) => {
        const state = await this.imports.lock(em, importId);
        if (!state || state.status !== 'running') return;
        if (!(await firstDelivery(em, `vinted-import:${event.step?.split(':')[0]}`, event.eventId))) return;
        const deadline = new Date(Date.now() + RESEND_TTL_MS);
        const resent = await this.queue.resend(em, event.tenantId!, event.taskId, deadline, {
          later: (w) => later.push(w),
        });
        if (!resent) await this.imports.end(em, importId, outcome.message);
      });
      await Promise.all(later.map((w) => w()));
      return;
    }
    if (giveUp) await this.step(event, importId, giveUp);
    else await this.stop(event, importId, outcome.message);
  }

  /** The import ends here; what was imported stays, and the next import goes over every page again. */
  async stop(event: StepEvent, importId: string, why: string): Promise<void> {
    await this.db.transaction(async (em) => {
      if (!(await firstDelivery(em, `vinted-import:${event.step?.split(':')[0]}`, event.eventId))) return;
      await this.imports.incomplete(em, importId, why);
      await this.imports.end(em, importId, why);
    });
  }

  /** Queues the import's next call, or ends the pass. In the caller's transaction, the import locked. */
  async next(em: EntityManager, tenantId: number, importId: string, after: AfterCommit): Promise<void> {
    const state = await this.imports.lock(em, importId);
    if (!state || state.status !== 'running' || !state.vintedUserId) return;
    const enqueue = (step: string, call: VintedCall) =>
      this.queue.enqueue(
        em,
        tenantId,
        { step, method: call.method, url: call.url, headers: call.headers, body: call.body, timeoutMs: call.timeoutMs },
        after,
      );
    const photo = await this.imports.nextPhoto(em, importId);
    if (photo) {
      await enqueue(importPhotoStep(importId, photo.photoId), await this.photos.call(photo));
      return;
    }
    const itemId = await this.imports.nextItem(em, importId);
    if (itemId) {
      await enqueue(importItemStep(importId, itemId), this.web.getItem(itemId));
      return;
    }
    if (!state.allPagesRead) {
      const page = state.pagesRead + 1;
      await enqueue(
        importPageStep(importId, state.vintedUserId, page),
        importPageCall(this.web, state.vintedUserId, page),
      );
      return;
    }
    await this.finish(em, tenantId, state);
  }

  private async finish(em: EntityManager, tenantId: number, state: ImportState): Promise<void> {
    const seen = await this.imports.seen(em, state.id);
    let incomplete = state.incomplete;
    if (incomplete === null && seen !== state.progress.total) {
      incomplete = `Vinted counts ${state.progress.total ?? 0} items but the pages showed ${seen}`;
      await this.imports.incomplete(em, state.id, incomplete);
    }
    if (incomplete === null) {
      // Listings changed since the pass began (a publish while it ran) are not judged by it.
      const gone = await em.execute<{ product_id: string; item_id: string; url: string | null }[]>(
        `update vinted_listings l set status = 'deleted', updated_at = now()
          where l.status = 'published' and l.updated_at < ?
            and not exists (select 1 from vinted_import_items i where i.import_id = ? and i.item_id = l.item_id)
          returning l.product_id, l.item_id, l.url`,
        [state.startedAtDate, state.id],
      );
      for (const listing of gone) {
        await this.outbox.add(
          em,
          new MarketplaceListingChangedEvent(
            tenantId,
            listing.product_id,
            'vinted',
            'ended',
            listing.item_id,
            listing.url,
            'No longer in the Vinted wardrobe',
          ),
        );
      }
      await this.imports.ended(em, state.id, gone.length);
    }
    await this.imports.end(em, state.id);
  }
}
