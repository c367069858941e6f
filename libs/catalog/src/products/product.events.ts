import { DomainEvent, OutboxEvent } from '@stoflow/core';
import type { Marketplace } from './product-view';

@OutboxEvent('catalog.product-created')
export class ProductCreatedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly sku: string,
  ) {
    super(tenantId, 'product', productId);
  }
}

/**
 * `changed` names the fields that changed (API names, e.g. `price`, `stockQuantity`, `status`); `soldOn` names the
 * marketplace whose sale made the change, when a sale did (its listing there is sold, not to be withdrawn); `from`
 * names the marketplace the change was read from (an import), which already shows it.
 */
@OutboxEvent('catalog.product-updated')
export class ProductUpdatedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly version: number,
    readonly changed: string[],
    readonly soldOn: Marketplace | null = null,
    readonly from: Marketplace | null = null,
  ) {
    super(tenantId, 'product', productId);
  }
}

@OutboxEvent('catalog.product-deleted')
export class ProductDeletedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly sku: string,
  ) {
    super(tenantId, 'product', productId);
  }
}

/**
 * The last unit was sold: marketplaces withdraw their other listings of it. `soldOn` / `orderId` name the order
 * that took it (the marketplace where it sold need not withdraw a listing that is already sold there).
 */
@OutboxEvent('catalog.product-sold')
export class ProductSoldEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly sku: string,
    readonly quantity: number,
    readonly soldOn: Marketplace,
    readonly orderId: string,
  ) {
    super(tenantId, 'product', productId);
  }
}
