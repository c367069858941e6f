import { Logger } from '@nestjs/common';
import { CommandBus, EventsHandler, IEventHandler, QueryBus } from '@nestjs/cqrs';
import {
  CreateProductCommand,
  GetProductQuery,
  MarketplaceListingChangedEvent,
  UpdateProductCommand,
} from '@stoflow/catalog';
import { firstDelivery, Outbox, QuotaExceeded, TenantContext, TenantDatabase } from '@stoflow/core';
import type { ProductView } from '@stoflow/catalog';
import { VintedListingsRepository } from '../../jobs/vinted-listings.repository';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import {
  classifyVintedAnswer,
  UnexpectedVintedAnswer,
  VintedWardrobeItem,
  VintedWebClient,
} from '../../vinted-web/vinted-web.client';
import { importPageCall, importPageStep, parseImportPageStep } from '../import-pages';
import { ImportTally, VintedImportsRepository } from '../vinted-imports.repository';

/** Calls of one page answered in vain (no answer, 5xx) before the import stops. */
const MAX_ATTEMPTS = 3;

type PageEvent = PluginTaskCompletedEvent | PluginTaskFailedEvent;
type Page = { importId: string; vintedUserId: string; page: number };

/**
 * A page of the wardrobe came back: each item creates or updates its product (matched by Vinted item id, through
 * the catalog's commands), and is recorded as the product's Vinted listing; then the next page is asked for. An
 * item missing from a page proves nothing, so nothing is ever ended or sold here.
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class ImportPageHandler implements IEventHandler<PageEvent> {
  private readonly log = new Logger(ImportPageHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly imports: VintedImportsRepository,
    private readonly listings: VintedListingsRepository,
    private readonly outbox: Outbox,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async handle(event: PageEvent): Promise<void> {
    const page = parseImportPageStep(event.step);
    if (!page || event.tenantId === null) return;
    const tenantId = event.tenantId;
    try {
      await this.tenant.run(tenantId, () =>
        event instanceof PluginTaskCompletedEvent ? this.pageRead(event, page) : this.pageFailed(event, page),
      );
    } catch (error) {
      this.log.error({ err: error, tenantId, importId: page.importId }, 'A page of the Vinted wardrobe failed');
    }
  }

  private async pageRead(event: PluginTaskCompletedEvent, page: Page): Promise<void> {
    const outcome = classifyVintedAnswer({ ok: true, status: event.status, body: event.body });
    if (outcome.kind !== 'ok') return this.stop(event, page.importId, outcome.message);
    let read;
    try {
      read = this.web.readWardrobe(outcome.body);
    } catch (error) {
      if (error instanceof UnexpectedVintedAnswer) return this.stop(event, page.importId, error.message);
      throw error;
    }
    // A redelivered page finds its items already imported: they count as unchanged, nothing is created twice.
    const current = await this.db.transaction((em) => this.imports.byId(em, page.importId), { readOnly: true });
    if (!current || current.status !== 'running' || current.pagesRead >= page.page) return;
    const tally: ImportTally = { created: 0, updated: 0, unchanged: 0, skipped: [], leftOut: 0 };
    let full = false;
    for (const item of read.items) {
      if (full) {
        tally.leftOut += 1;
        continue;
      }
      full = !(await this.importItem(event.tenantId!, item, tally));
    }
    const last = read.pagination.currentPage >= read.pagination.totalPages || read.items.length === 0;
    const later: (() => Promise<unknown>)[] = [];
    await this.db.transaction(async (em) => {
      if (!(await firstDelivery(em, ImportPageHandler.name, event.eventId))) return;
      await this.imports.pageRead(em, page.importId, read.pagination.totalPages, tally);
      if (last || full) {
        await this.imports.end(em, page.importId);
        return;
      }
      const call = importPageCall(this.web, page.vintedUserId, page.page + 1);
      await this.queue.enqueue(
        em,
        event.tenantId!,
        {
          step: importPageStep(page.importId, page.vintedUserId, page.page + 1),
          method: call.method,
          url: call.url,
          timeoutMs: call.timeoutMs,
        },
        { later: (work) => later.push(work) },
      );
    });
    await Promise.all(later.map((work) => work()));
  }

  /** False once the tier allows no more products: the rest of the wardrobe is left out. */
  private async importItem(tenantId: number, item: VintedWardrobeItem, tally: ImportTally): Promise<boolean> {
    const skip = skipReason(item);
    if (skip) {
      tally.skipped.push({ itemId: item.id, title: item.title, reason: skip });
      return true;
    }
    const wanted = { title: item.title, price: twoDecimals(item.price!), currency: item.currency ?? 'EUR' };
    const known = await this.db.transaction((em) => this.listings.productsOfItems(em, [item.id]), { readOnly: true });
    const productId = known.get(item.id);
    let product: ProductView;
    if (productId) {
      const before: ProductView = await this.queries.execute(new GetProductQuery(productId));
      const changes = changed(before, wanted);
      if (Object.keys(changes).length === 0) {
        tally.unchanged += 1;
        return true;
      }
      product = await this.commands.execute(new UpdateProductCommand(productId, changes));
      tally.updated += 1;
    } else {
      try {
        product = await this.commands.execute(new CreateProductCommand({ ...wanted, stockQuantity: 1 }));
      } catch (error) {
        if (error instanceof QuotaExceeded) {
          tally.leftOut += 1;
          return false;
        }
        throw error;
      }
      tally.created += 1;
    }
    await this.db.transaction(async (em) => {
      await this.listings.save(em, {
        productId: product.id,
        itemId: item.id,
        url: item.url,
        photos: [],
        status: 'published',
        productVersion: product.version,
      });
      await this.outbox.add(
        em,
        new MarketplaceListingChangedEvent(tenantId, product.id, 'vinted', 'published', item.id, item.url),
      );
    });
    return true;
  }

  private async pageFailed(event: PluginTaskFailedEvent, page: Page): Promise<void> {
    const outcome = classifyVintedAnswer({
      ok: false,
      status: event.status,
      body: event.body,
      error: event.error ?? (event.reason === 'timeout' ? { code: 'NO_ANSWER', message: 'no answer in time' } : null),
    });
    if (outcome.retryable && event.attempt < MAX_ATTEMPTS) {
      const later: (() => Promise<unknown>)[] = [];
      await this.db.transaction(async (em) => {
        if (!(await firstDelivery(em, ImportPageHandler.name, event.eventId))) return;
        const deadline = new Date(Date.now() + 15 * 60_000);
        await this.queue.resend(em, event.tenantId!, event.taskId, deadline, { later: (work) => later.push(work) });
      });
      await Promise.all(later.map((work) => work()));
      return;
    }
    await this.stop(event, page.importId, outcome.message);
  }

  /** The import ends here; what was imported stays, and the next import goes over every page again. */
  private async stop(event: PageEvent, importId: string, why: string): Promise<void> {
    await this.db.transaction(async (em) => {
      if (!(await firstDelivery(em, ImportPageHandler.name, event.eventId))) return;
      await this.imports.end(em, importId, why);
    });
  }
}

function skipReason(item: VintedWardrobeItem): string | null {
  if (item.isDraft) return 'a draft on Vinted';
  if (item.isClosed) return 'sold or closed on Vinted';
  if (item.price === null || !/^\d+(\.\d+)?$/.test(item.price)) return 'no price on Vinted';
  return null;
}

function changed(
  product: ProductView,
  wanted: { title: string; price: string; currency: string },
): Partial<typeof wanted> {
  const changes: Partial<typeof wanted> = {};
  if (product.title !== wanted.title) changes.title = wanted.title;
  if (product.price !== wanted.price) changes.price = wanted.price;
  if (product.currency !== wanted.currency) changes.currency = wanted.currency;
  return changes;
}

/** "12.5" → "12.50", without going through a float. */
function twoDecimals(amount: string): string {
  const [units, cents = ''] = amount.split('.');
  return `${units}.${cents.padEnd(2, '0').slice(0, 2)}`;
}
