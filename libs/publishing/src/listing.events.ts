import type { Marketplace } from '@stoflow/catalog';
import { DomainEvent, OutboxEvent } from '@stoflow/core';

/** The product is live on `marketplace` as `externalId`. */
@OutboxEvent('publishing.listing-published')
export class ListingPublishedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly marketplace: Marketplace,
    readonly externalId: string,
    readonly url: string | null,
    readonly jobId: string,
  ) {
    super(tenantId, 'product', productId);
  }
}

/** The product's listing on `marketplace` was removed (or was already gone). */
@OutboxEvent('publishing.listing-withdrawn')
export class ListingWithdrawnEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly marketplace: Marketplace,
    readonly externalId: string,
    readonly jobId: string,
  ) {
    super(tenantId, 'product', productId);
  }
}
