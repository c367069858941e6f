import { BusinessRuleViolation, Conflict, NotFound } from '@stoflow/core';

export class ProductNotFound extends NotFound {
  constructor(id: string) {
    super('Product', id);
  }
}

export class ProductOutOfStock extends BusinessRuleViolation {
  constructor(id: string) {
    super('PRODUCT_OUT_OF_STOCK', `Product ${id} has no stock left and cannot be published`, [
      { field: 'stockQuantity', issue: 'must be > 0 to publish' },
    ]);
  }
}

export class ProductNotPublishable extends BusinessRuleViolation {
  constructor(id: string, status: string) {
    super('PRODUCT_NOT_PUBLISHABLE', `Product ${id} is ${status} and cannot be published`, [
      { field: 'status', issue: `${status} products cannot be published` },
    ]);
  }
}

export class InsufficientStock extends Conflict {
  constructor(id: string, wanted: number, left: number) {
    super(`Product ${id} has ${left} in stock; cannot sell ${wanted}`, [
      { field: 'stockQuantity', issue: `only ${left} left` },
    ]);
  }
}

export class ProductNotForSale extends Conflict {
  constructor(id: string, status: string) {
    super(`Product ${id} is ${status}; only active products can be sold`, [
      { field: 'status', issue: `${status} products cannot be sold` },
    ]);
  }
}

export class StaleProductVersion extends Conflict {
  constructor(id: string, current: number) {
    super(`Product ${id} was changed meanwhile (it is now at version ${current}): read it again`, [
      { field: 'If-Match', issue: `does not match the current version ${current}` },
    ]);
  }
}

export class SkuTaken extends Conflict {
  constructor(sku: string) {
    super(`Another product already has the sku ${sku}`, [{ field: 'sku', issue: 'already used by another product' }]);
  }
}
