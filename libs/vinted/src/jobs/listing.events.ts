import { DomainEvent, OutboxEvent } from '@stoflow/core';

/** The product is live on Vinted as `itemId`. */
@OutboxEvent('vinted.listing-published')
export class ListingPublishedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly itemId: string,
    readonly url: string | null,
    readonly jobId: string,
  ) {
    super(tenantId, 'product', productId);
  }
}

/** The product's Vinted item was removed (or was already gone). */
@OutboxEvent('vinted.listing-withdrawn')
export class ListingWithdrawnEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly itemId: string,
    readonly jobId: string,
  ) {
    super(tenantId, 'product', productId);
  }
}
