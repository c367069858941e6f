import { Logger } from '@nestjs/common';
import { CommandBus, EventsHandler, IEventHandler, QueryBus } from '@nestjs/cqrs';
import {
  CreateProductCommand,
  GetProductQuery,
  MarketplaceListingChangedEvent,
  UpdateProductCommand,
} from '@stoflow/catalog';
import type { ProductChanges, ProductView, UnmappedAttribute } from '@stoflow/catalog';
import { DomainError, Outbox, QuotaExceeded, TenantContext, TenantDatabase } from '@stoflow/core';
import { VintedListingsRepository } from '../../jobs/vinted-listings.repository';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';
import { UnexpectedVintedAnswer, VintedItemDetails, VintedWebClient } from '../../vinted-web/vinted-web.client';
import { ImportChain, StepEvent } from '../import-chain';
import { parseImportItemStep } from '../import-pages';
import { ImportedFields, mapImportedItem } from '../imported-item.mapper';
import { ImportTally, PendingPhoto, VintedImportsRepository } from '../vinted-imports.repository';
import { VintedReferenceIndex } from '../vinted-reference';

type Item = { importId: string; itemId: string };
type Outcome = { state: 'done' | 'skipped' | 'full'; photos?: PendingPhoto[] };

/** The product field of each attribute that holds one value: a seller's choice there outlives an unmapped value. */
const SINGLE_FIELDS: Partial<Record<UnmappedAttribute['attribute'], keyof ImportedFields & keyof ProductView>> = {
  brand: 'brandId',
  category: 'categoryId',
  condition: 'conditionId',
  size: 'sizeId',
  packageSize: 'packageSize',
};

const COMPARED: (keyof ImportedFields & keyof ProductView)[] = [
  'title',
  'description',
  'price',
  'currency',
  'brandId',
  'categoryId',
  'fitId',
  'conditionId',
  'sizeId',
  'colorIds',
  'materialIds',
  'packageSize',
  'unmappedAttributes',
];

/**
 * An item's edit view came back: it creates or updates its product (matched by Vinted item id, through the
 * catalog's commands) with every field mapped, and records the product's Vinted listing. A second import of an
 * unchanged item changes nothing.
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class ImportItemHandler implements IEventHandler<StepEvent> {
  private readonly log = new Logger(ImportItemHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly imports: VintedImportsRepository,
    private readonly listings: VintedListingsRepository,
    private readonly outbox: Outbox,
    private readonly chain: ImportChain,
    private readonly web: VintedWebClient,
    private readonly reference: VintedReferenceIndex,
  ) {}

  async handle(event: StepEvent): Promise<void> {
    const item = parseImportItemStep(event.step);
    if (!item || event.tenantId === null) return;
    const tenantId = event.tenantId;
    try {
      await this.tenant.run(tenantId, () => this.answered(event, item));
    } catch (error) {
      this.log.error({ err: error, tenantId, importId: item.importId }, 'An item of the Vinted wardrobe failed');
    }
  }

  private async answered(event: StepEvent, { importId, itemId }: Item): Promise<void> {
    const outcome = this.chain.outcome(event);
    if (outcome.kind === 'not-found') {
      // Gone between its page and its edit view: seen by the pass, nothing to import.
      const tally = tallyOf({ skipped: [{ itemId, title: '', reason: 'no longer on Vinted' }] });
      await this.chain.step(event, importId, (em) => this.imports.itemDone(em, importId, itemId, 'skipped', tally));
      return;
    }
    if (outcome.kind !== 'ok') return this.chain.failed(event, importId, outcome);
    let details: VintedItemDetails;
    try {
      details = this.web.readItemDetails(outcome.body);
    } catch (error) {
      if (error instanceof UnexpectedVintedAnswer) return this.chain.stop(event, importId, error.message);
      throw error;
    }
    const waiting = await this.db.transaction(
      async (em) =>
        (await this.imports.byId(em, importId))?.status === 'running' &&
        (await this.imports.itemState(em, importId, itemId)) === 'pending',
      { readOnly: true },
    );
    if (!waiting) return;
    let tally = tallyOf({});
    let done: Outcome;
    try {
      done = await this.importItem(event.tenantId!, details, tally);
    } catch (error) {
      // One item the catalog refuses (its product deleted meanwhile…) must not stall the pass: it is skipped.
      if (!(error instanceof DomainError)) throw error;
      this.log.warn({ err: error, importId, itemId }, 'A Vinted item could not be imported');
      tally = tallyOf({ skipped: [{ itemId, title: details.title, reason: error.message.slice(0, 300) }] });
      done = { state: 'skipped' };
    }
    await this.chain.step(event, importId, async (em) => {
      if (done.state !== 'full') {
        await this.imports.itemDone(em, importId, itemId, done.state, tally);
        await this.imports.addPhotos(em, importId, done.photos ?? []);
        return;
      }
      await this.imports.itemDone(em, importId, itemId, 'left_out', tallyOf({ leftOut: 1 }));
      await this.imports.leaveOutPending(em, importId);
      await this.imports.incomplete(em, importId, 'The tier allows no more products');
      await this.imports.end(em, importId);
    });
  }

  private async importItem(tenantId: number, item: VintedItemDetails, tally: ImportTally): Promise<Outcome> {
    const skip = (reason: string): Outcome => {
      tally.skipped.push({ itemId: item.id, title: item.title, reason });
      return { state: 'skipped' };
    };
    if (item.isDraft) return skip('a draft on Vinted');
    if (item.isClosed) return skip('sold or closed on Vinted');
    const wanted = mapImportedItem(item, await this.reference.get());
    if (!wanted) return skip('no price on Vinted');

    const known = await this.db.transaction((em) => this.listings.productsOfItems(em, [item.id]), { readOnly: true });
    const productId = known.get(item.id);
    let product: ProductView;
    let untouched = false;
    if (productId) {
      const before: ProductView = await this.queries.execute(new GetProductQuery(productId));
      const changes = changed(before, wanted);
      if (Object.keys(changes).length === 0) {
        tally.unchanged += 1;
        product = before;
        untouched = true;
      } else {
        product = await this.commands.execute(new UpdateProductCommand(productId, changes, undefined, 'vinted'));
        tally.updated += 1;
      }
    } else {
      try {
        product = await this.commands.execute(new CreateProductCommand({ ...wanted, stockQuantity: 1 }));
      } catch (error) {
        if (error instanceof QuotaExceeded) return { state: 'full' };
        throw error;
      }
      tally.created += 1;
    }
    const copied = await this.db.transaction(async (em) => {
      const listing = await this.listings.of(em, product.id);
      const photos = listing?.itemId === item.id ? listing.photos : [];
      const same = listing?.status === 'published' && listing.itemId === item.id && listing.url === item.url;
      if (same && untouched) return photos;
      await this.listings.save(em, {
        productId: product.id,
        itemId: item.id,
        url: item.url,
        photos,
        status: 'published',
        productVersion: product.version,
      });
      await this.outbox.add(
        em,
        new MarketplaceListingChangedEvent(tenantId, product.id, 'vinted', 'published', item.id, item.url),
      );
      return photos;
    });
    // Photos already in the catalog (copied by an earlier import, or uploaded by StoFlow's own publish) stay.
    const inCatalog = new Set(copied.map((p) => String(p.photoId)));
    const photos = item.photos
      .map((p, position) => ({ productId: product.id, itemId: item.id, photoId: String(p.id), url: p.url, position }))
      .filter((p) => !inCatalog.has(p.photoId));
    return { state: 'done', photos };
  }
}

/** JSON with keys in order: jsonb hands objects back with its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function tallyOf(part: Partial<ImportTally>): ImportTally {
  return { created: 0, updated: 0, unchanged: 0, skipped: [], leftOut: 0, ...part };
}

/**
 * What differs between the product and the item. An attribute Vinted gave an id StoFlow does not know keeps the
 * value the seller has since chosen for it, rather than emptying it again.
 */
export function changed(before: ProductView, wanted: ImportedFields): ProductChanges {
  const target: Partial<ImportedFields> = { ...wanted };
  const resolved = wanted.unmappedAttributes.filter((u) => {
    const field = SINGLE_FIELDS[u.attribute];
    return field !== undefined && before[field] !== null;
  });
  for (const u of resolved) delete target[SINGLE_FIELDS[u.attribute]!];
  target.unmappedAttributes = wanted.unmappedAttributes.filter((u) => !resolved.includes(u));
  const changes: Record<string, unknown> = {};
  for (const key of COMPARED) {
    if (!(key in target)) continue;
    if (canonical(before[key]) !== canonical(target[key])) changes[key] = target[key];
  }
  return changes as ProductChanges;
}
