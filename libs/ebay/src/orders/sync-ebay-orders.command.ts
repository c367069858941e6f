import { Command } from '@nestjs/cqrs';

export interface OrderSyncRequested {
  queued: boolean;
  /** Orders modified up to then were read by the last complete pass. */
  syncedTo: string | null;
}

/** The seller asks for a pass over their eBay orders now. */
export class SyncEbayOrdersCommand extends Command<OrderSyncRequested> {
  constructor(readonly userId: number) {
    super();
  }
}
