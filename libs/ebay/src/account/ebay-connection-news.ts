import { Injectable, Logger } from '@nestjs/common';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { MarketplaceConnection, MarketplaceConnectionChangedEvent } from '@stoflow/publishing';
import { RECONNECT_EBAY } from './ebay-errors';
import { EbayAccountRow, EbayAccountsRepository } from './ebay-accounts.repository';

export const HOW_TO_CONNECT_EBAY = 'Connect your eBay seller account (GET /api/ebay/connect)';

/**
 * Tells the publishing layer what the seller's eBay connection looks like (`GET /api/marketplaces`) after each
 * change: connected, set up, refused by eBay, disconnected. Each announcement carries the whole picture, so a
 * repeated one changes nothing.
 */
@Injectable()
export class EbayConnectionNews {
  private readonly log = new Logger(EbayConnectionNews.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly accounts: EbayAccountsRepository,
    private readonly outbox: Outbox,
  ) {}

  async announce(userId: number): Promise<void> {
    try {
      const account = await this.accounts.of(userId);
      await this.tenant.run(userId, () =>
        this.db.transaction((em) =>
          this.outbox.add(em, new MarketplaceConnectionChangedEvent(userId, 'ebay', ebayConnection(account))),
        ),
      );
    } catch (error) {
      this.log.warn({ err: error, tenantId: userId }, 'Could not announce the eBay connection');
    }
  }
}

export function ebayConnection(account: EbayAccountRow | undefined): MarketplaceConnection {
  if (!account) return { connected: false, account: null, status: 'not-connected', needs: HOW_TO_CONNECT_EBAY };
  const name = account.ebay_username ?? account.ebay_user_id;
  if (account.status === 'needs-reconnect') {
    return { connected: true, account: name, status: 'needs-reconnect', needs: RECONNECT_EBAY };
  }
  if (!isSetUp(account)) {
    return {
      connected: true,
      account: name,
      status: 'connected',
      needs: 'Choose your eBay business policies and item location (PUT /api/ebay/settings)',
    };
  }
  return { connected: true, account: name, status: 'connected', needs: null };
}

export function isSetUp(account: EbayAccountRow): boolean {
  return Boolean(
    account.fulfillment_policy_id &&
    account.payment_policy_id &&
    account.return_policy_id &&
    account.merchant_location_key,
  );
}
