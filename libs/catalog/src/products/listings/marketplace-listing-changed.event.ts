import { DomainEvent, OutboxEvent } from '@stoflow/core';
import type { Marketplace } from '../product-view';

/** `unlinked`: still live on the marketplace, but StoFlow no longer holds the account (the seller disconnected). */
export const LISTING_STATUSES = ['pending', 'published', 'failed', 'ended', 'unlinked'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/**
 * Raised by a marketplace module (through its outbox) whenever its listing of a product changes; the catalog
 * projects it into the product's `listings`. The newest `occurredAt` wins, whatever the delivery order.
 */
@OutboxEvent('catalog.marketplace-listing-changed')
export class MarketplaceListingChangedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly marketplace: Marketplace,
    readonly status: ListingStatus,
    readonly externalId: string | null = null,
    readonly url: string | null = null,
    readonly lastError: string | null = null,
  ) {
    super(tenantId, 'product', productId);
  }
}
