import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MarketplaceListingChangedEvent } from '@stoflow/catalog';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { ForgetMarketplaceOrdersCommand } from '@stoflow/publishing';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbayConnectionNews } from '../account/ebay-connection-news';
import { EbayListingsRepository } from '../listings/ebay-listings.repository';

/**
 * What StoFlow holds about an eBay user who closed their account, erased: the connection and its tokens, eBay's
 * ids on the seller's listings and orders. Products stay (they are the seller's own catalogue). Idempotent: a
 * second run finds nothing left to erase.
 */
@Injectable()
export class EraseEbayUser {
  private readonly log = new Logger(EraseEbayUser.name);

  constructor(
    private readonly accounts: EbayAccountsRepository,
    private readonly listings: EbayListingsRepository,
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly outbox: Outbox,
    private readonly commands: CommandBus,
    private readonly news: EbayConnectionNews,
  ) {}

  async notice(notificationId: string): Promise<number> {
    const notice = await this.accounts.notice(notificationId);
    if (!notice || notice.processed_at) return 0;
    const users = await this.accounts.usersOfEbayUser(notice.ebay_user_id, notice.ebay_username);
    for (const userId of users) await this.erase(userId);
    await this.accounts.noticeDone(notificationId);
    this.log.log({ notificationId, sellers: users.length }, 'eBay account deletion handled');
    return users.length;
  }

  private async erase(userId: number): Promise<void> {
    await this.tenant.run(userId, async () => {
      await this.db.transaction(async (em) => {
        for (const productId of await this.listings.forgetAll(em)) {
          await this.outbox.add(
            em,
            new MarketplaceListingChangedEvent(
              userId,
              productId,
              'ebay',
              'unlinked',
              null,
              null,
              'The eBay account was closed',
            ),
          );
        }
      });
      await this.commands.execute(new ForgetMarketplaceOrdersCommand('ebay'));
    });
    await this.accounts.remove(userId);
    await this.news.announce(userId);
  }
}
