import { DomainEvent, OutboxEvent } from '@stoflow/core';

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

/** `changed` names the fields that changed (API names, e.g. `price`, `stockQuantity`, `status`). */
@OutboxEvent('catalog.product-updated')
export class ProductUpdatedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly version: number,
    readonly changed: string[],
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

/** The last unit was sold: marketplaces withdraw their other listings of it. */
@OutboxEvent('catalog.product-sold')
export class ProductSoldEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly productId: string,
    readonly sku: string,
    readonly quantity: number,
  ) {
    super(tenantId, 'product', productId);
  }
}
