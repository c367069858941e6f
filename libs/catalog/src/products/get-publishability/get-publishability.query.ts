import { Query } from '@nestjs/cqrs';

export interface Publishable {
  productId: string;
  sku: string;
  stockQuantity: number;
  version: number;
}

/**
 * Asked by the marketplace modules before they publish (in the seller's tenant context). Answers the product
 * when it may be listed; throws 404 NOT_FOUND, 422 PRODUCT_OUT_OF_STOCK (stock 0) or 422
 * PRODUCT_NOT_PUBLISHABLE (sold, archived) otherwise.
 */
export class GetPublishabilityQuery extends Query<Publishable> {
  constructor(readonly productId: string) {
    super();
  }
}
