import { Command } from '@nestjs/cqrs';
import type { VintedImportView } from '../vinted-imports.repository';

/** Stops a running import: its queued Vinted calls are withdrawn so they never run; what was imported stays. */
export class CancelVintedImportCommand extends Command<VintedImportView> {
  constructor(
    readonly userId: number,
    readonly importId: string,
  ) {
    super();
  }
}
