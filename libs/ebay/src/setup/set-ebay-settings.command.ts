import { Command } from '@nestjs/cqrs';
import type { EbayConnectionView } from '../connection/ebay-connection.view';

export interface EbaySettingsInput {
  fulfillmentPolicyId: string;
  paymentPolicyId: string;
  returnPolicyId: string;
  location: { country: string; postalCode: string; city?: string };
}

/** The seller picks one policy of each kind and where items ship from; the location is created on eBay. */
export class SetEbaySettingsCommand extends Command<EbayConnectionView> {
  constructor(
    readonly userId: number,
    readonly settings: EbaySettingsInput,
  ) {
    super();
  }
}
