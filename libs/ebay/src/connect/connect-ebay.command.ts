import { Command } from '@nestjs/cqrs';

/** Starts a seller's consent on eBay for one marketplace: answers the consent page to send them to. */
export class ConnectEbayCommand extends Command<{ authorizationUrl: string }> {
  constructor(
    readonly userId: number,
    readonly marketplaceId: string,
  ) {
    super();
  }
}
