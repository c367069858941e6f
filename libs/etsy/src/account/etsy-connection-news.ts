import { Injectable, Logger } from '@nestjs/common';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { MarketplaceConnection, MarketplaceConnectionChangedEvent } from '@stoflow/publishing';
import { EtsyAccountRow, EtsyAccountsRepository } from './etsy-accounts.repository';
import { RECONNECT_ETSY } from './etsy-errors';

export const HOW_TO_CONNECT_ETSY = 'Connect your Etsy shop (GET /api/etsy/connect)';

/** Tells the publishing layer what the seller's Etsy connection looks like, after each change. */
@Injectable()
export class EtsyConnectionNews {
  private readonly log = new Logger(EtsyConnectionNews.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly accounts: EtsyAccountsRepository,
    private readonly outbox: Outbox,
  ) {}

  async announce(userId: number): Promise<void> {
    try {
      const account = await this.accounts.of(userId);
      await this.tenant.run(userId, () =>
        this.db.transaction((em) =>
          this.outbox.add(em, new MarketplaceConnectionChangedEvent(userId, 'etsy', etsyConnection(account))),
        ),
      );
    } catch (error) {
      this.log.warn({ err: error, tenantId: userId }, 'Could not announce the Etsy connection');
    }
  }
}

export function etsyConnection(account: EtsyAccountRow | undefined): MarketplaceConnection {
  if (!account) return { connected: false, account: null, status: 'not-connected', needs: HOW_TO_CONNECT_ETSY };
  if (account.status === 'needs-reconnect') {
    return { connected: true, account: account.shop_name, status: 'needs-reconnect', needs: RECONNECT_ETSY };
  }
  if (!isSetUp(account)) {
    return {
      connected: true,
      account: account.shop_name,
      status: 'connected',
      needs: 'Choose your Etsy shipping profile (PUT /api/etsy/settings)',
    };
  }
  return { connected: true, account: account.shop_name, status: 'connected', needs: null };
}

export function isSetUp(account: EtsyAccountRow): boolean {
  return Boolean(account.shipping_profile_id && account.readiness_state_id);
}
