import { Command } from '@nestjs/cqrs';

/** Forgets the seller's eBay tokens; live listings stay on eBay, unlinked from StoFlow. */
export class DisconnectEbayCommand extends Command<void> {
  constructor(readonly userId: number) {
    super();
  }
}
