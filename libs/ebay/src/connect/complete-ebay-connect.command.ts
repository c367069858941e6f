import { Command } from '@nestjs/cqrs';

export interface ConsentOutcome {
  marketplace: 'ebay';
  status: 'connected';
  /** The eBay account, as the seller knows it. */
  account: string | null;
  marketplaceId: string;
}

/** eBay sent the seller back: with a code to exchange, or with the consent's refusal. */
export class CompleteEbayConnectCommand extends Command<ConsentOutcome> {
  constructor(
    readonly state: string | undefined,
    readonly code: string | undefined,
    readonly refusal: string | undefined,
  ) {
    super();
  }
}
