import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MarketplaceListingChangedEvent } from '@stoflow/catalog';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbayConnectionNews } from '../account/ebay-connection-news';
import { EbayNotConnected } from '../account/ebay-errors';
import { EbayListingsRepository } from '../listings/ebay-listings.repository';
import { DisconnectEbayCommand } from './disconnect-ebay.command';

@CommandHandler(DisconnectEbayCommand)
export class DisconnectEbayHandler implements ICommandHandler<DisconnectEbayCommand> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly accounts: EbayAccountsRepository,
    private readonly listings: EbayListingsRepository,
    private readonly outbox: Outbox,
    private readonly news: EbayConnectionNews,
  ) {}

  async execute({ userId }: DisconnectEbayCommand): Promise<void> {
    if (!(await this.accounts.of(userId))) throw new EbayNotConnected();
    await this.tenant.run(userId, () =>
      this.db.transaction(async (em) => {
        for (const listing of await this.listings.unlinkAll(em)) {
          await this.outbox.add(
            em,
            new MarketplaceListingChangedEvent(
              userId,
              listing.productId,
              'ebay',
              'unlinked',
              listing.listingId,
              listing.url,
              'Still live on eBay: StoFlow no longer holds your eBay connection',
            ),
          );
        }
      }),
    );
    // No revocation endpoint exists for user tokens: forgetting them is all StoFlow can do (EBAY.md).
    await this.accounts.remove(userId);
    await this.news.announce(userId);
  }
}
