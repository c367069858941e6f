import { Command } from '@nestjs/cqrs';
import type { VintedImportView } from '../vinted-imports.repository';

/**
 * Reads the Vinted account's wardrobe through the extension, page by page with the usual pacing, and creates or
 * updates a product for each item (matched by Vinted item id), listed on Vinted. An import already running is
 * answered instead of a second one.
 */
export class ImportVintedWardrobeCommand extends Command<VintedImportView> {
  constructor(readonly userId: number) {
    super();
  }
}
