import type { Marketplace } from '@stoflow/catalog';
import { DomainEvent, OutboxEvent } from '@stoflow/core';

/**
 * What a seller's connection to a marketplace looks like now: raised by the marketplace module whenever it
 * changes (paired, revoked, paused, resumed, reconnected), with the whole picture, so the newest one is the truth.
 */
export interface MarketplaceConnection {
  connected: boolean;
  /** The account on the marketplace, as the seller knows it (a login, a shop name); null when unknown. */
  account: string | null;
  /**
   * `connected`, `not-connected`, or one that stops the seller's jobs until they act and raises an alert: `paused`
   * (e.g. a captcha), `expired` or `needs-reconnect` (the marketplace refused the stored tokens).
   */
  status: string;
  /** What the seller must do, in one sentence; null when nothing. */
  needs: string | null;
}

@OutboxEvent('publishing.marketplace-connection-changed')
export class MarketplaceConnectionChangedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly marketplace: Marketplace,
    readonly connection: MarketplaceConnection,
  ) {
    super(tenantId, 'marketplace-connection', marketplace);
  }
}
