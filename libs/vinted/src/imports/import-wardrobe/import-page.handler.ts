import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { TenantContext } from '@stoflow/core';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';
import { UnexpectedVintedAnswer, VintedWardrobePage, VintedWebClient } from '../../vinted-web/vinted-web.client';
import { ImportChain, StepEvent } from '../import-chain';
import { parseImportPageStep } from '../import-pages';
import { ImportItemState, ImportTally, VintedImportsRepository } from '../vinted-imports.repository';

type Page = { importId: string; vintedUserId: string; page: number };

/**
 * A page of the wardrobe came back: its items join the pass, each to be read in its edit view next (drafts and
 * closed items are only counted). A page shorter than Vinted's page size before the last, or a wardrobe whose
 * count changed between pages, makes the pass incomplete: an item missing from it then proves nothing.
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class ImportPageHandler implements IEventHandler<StepEvent> {
  private readonly log = new Logger(ImportPageHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly imports: VintedImportsRepository,
    private readonly chain: ImportChain,
    private readonly web: VintedWebClient,
  ) {}

  async handle(event: StepEvent): Promise<void> {
    const page = parseImportPageStep(event.step);
    if (!page || event.tenantId === null) return;
    const tenantId = event.tenantId;
    try {
      await this.tenant.run(tenantId, () => this.answered(event, page));
    } catch (error) {
      this.log.error({ err: error, tenantId, importId: page.importId }, 'A page of the Vinted wardrobe failed');
    }
  }

  private async answered(event: StepEvent, page: Page): Promise<void> {
    const outcome = this.chain.outcome(event);
    if (outcome.kind !== 'ok') return this.chain.failed(event, page.importId, outcome);
    let read: VintedWardrobePage;
    try {
      read = this.web.readWardrobe(outcome.body);
    } catch (error) {
      if (error instanceof UnexpectedVintedAnswer) return this.chain.stop(event, page.importId, error.message);
      throw error;
    }
    await this.chain.step(event, page.importId, async (em, state) => {
      if (state.pagesRead >= page.page) return; // a page read before: its items are already in the pass
      const { currentPage, totalPages, totalEntries, perPage } = read.pagination;
      const last = currentPage >= totalPages || read.items.length === 0;
      if (!last && read.items.length < perPage) {
        await this.imports.incomplete(
          em,
          page.importId,
          `Page ${page.page} of the wardrobe came back short (${read.items.length} of ${perPage} items)`,
        );
      }
      if (state.progress.total !== null && state.progress.total !== totalEntries) {
        await this.imports.incomplete(
          em,
          page.importId,
          `The wardrobe changed while it was read (${state.progress.total} items, then ${totalEntries})`,
        );
      }
      const tally: ImportTally = { created: 0, updated: 0, unchanged: 0, skipped: [], leftOut: 0 };
      const items = read.items.map((item) => {
        const reason = item.isDraft ? 'a draft on Vinted' : item.isClosed ? 'sold or closed on Vinted' : null;
        if (reason) tally.skipped.push({ itemId: item.id, title: item.title, reason });
        return { itemId: item.id, state: (reason ? 'skipped' : 'pending') as ImportItemState };
      });
      await this.imports.pageRead(
        em,
        page.importId,
        { number: page.page, totalPages, totalEntries, last },
        items,
        tally,
      );
    });
  }
}
