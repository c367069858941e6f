import { Command } from '@nestjs/cqrs';
import type { Marketplace } from '@stoflow/catalog';

/**
 * A marketplace asks StoFlow to forget one of its users (eBay's account-deletion notices): the seller's orders
 * there keep their products, quantities, money and dates, but lose the marketplace's order and line ids and the
 * buyer's name. Run in the seller's tenant context; answers how many lines were erased (0 the second time).
 */
export class ForgetMarketplaceOrdersCommand extends Command<number> {
  constructor(readonly marketplace: Marketplace) {
    super();
  }
}
