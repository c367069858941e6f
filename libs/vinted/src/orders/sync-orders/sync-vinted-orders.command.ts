import { Command } from '@nestjs/cqrs';
import type { OrderSyncView } from '../order-syncs.repository';

/**
 * Reads the Vinted account's sales through the extension, page by page with the usual pacing, and records each as
 * an order (`soldOn: 'vinted'`): a sold item's stock drops and the other marketplaces withdraw it. A pass already
 * running is answered instead of a second one; a seller's request (`requested`, not the schedule's) then asks for
 * one more pass after it, since the running one may have read its pages before the sale. Vinted purges old sale
 * details, so this runs often.
 */
export class SyncVintedOrdersCommand extends Command<OrderSyncView> {
  constructor(
    readonly userId: number,
    readonly requested = true,
  ) {
    super();
  }
}
