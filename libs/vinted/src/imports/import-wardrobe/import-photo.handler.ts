import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { TenantContext } from '@stoflow/core';
import { VintedListingsRepository } from '../../jobs/vinted-listings.repository';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';
import { UnexpectedVintedAnswer, VintedWebClient } from '../../vinted-web/vinted-web.client';
import { ImportChain, StepEvent } from '../import-chain';
import { parseImportPhotoStep } from '../import-pages';
import { VintedImportsRepository } from '../vinted-imports.repository';

/**
 * A photo of an imported item was copied into the catalog (the extension downloaded it from Vinted and posted it
 * to a signed upload URL, where the normal image pipeline took it): the listing remembers it, so the next import
 * does not copy it again. A photo that cannot be copied is left out; the import goes on.
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class ImportPhotoHandler implements IEventHandler<StepEvent> {
  private readonly log = new Logger(ImportPhotoHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly imports: VintedImportsRepository,
    private readonly listings: VintedListingsRepository,
    private readonly chain: ImportChain,
    private readonly web: VintedWebClient,
  ) {}

  async handle(event: StepEvent): Promise<void> {
    const photo = parseImportPhotoStep(event.step);
    if (!photo || event.tenantId === null) return;
    const tenantId = event.tenantId;
    try {
      await this.tenant.run(tenantId, () => this.answered(event, photo));
    } catch (error) {
      this.log.error({ err: error, tenantId, importId: photo.importId }, 'A Vinted photo could not be imported');
    }
  }

  private async answered(event: StepEvent, { importId, photoId }: { importId: string; photoId: string }) {
    const leftOut = async (em: Parameters<Parameters<ImportChain['step']>[2]>[0]) => {
      this.log.warn({ importId, photoId }, 'A Vinted photo was left out of the import');
      await this.imports.photoDone(em, importId, photoId, false);
    };
    const outcome = this.chain.outcome(event);
    if (outcome.kind !== 'ok') return this.chain.failed(event, importId, outcome, leftOut);
    let imageId: string;
    try {
      imageId = this.web.readCopiedPhoto(outcome.body).imageId;
    } catch (error) {
      if (error instanceof UnexpectedVintedAnswer) return void (await this.chain.step(event, importId, leftOut));
      throw error;
    }
    await this.chain.step(event, importId, async (em) => {
      const photo = await this.imports.photo(em, importId, photoId);
      if (!photo || photo.state !== 'pending') return;
      await this.imports.photoDone(em, importId, photoId, true);
      await this.listings.addPhoto(em, photo.productId, photo.itemId, { imageId, photoId: Number(photoId) });
    });
  }
}
