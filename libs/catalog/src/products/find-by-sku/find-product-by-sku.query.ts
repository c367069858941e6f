import { Query } from '@nestjs/cqrs';

/** The id of the tenant's live product with this SKU (how a marketplace order finds its product), if any. */
export class FindProductBySkuQuery extends Query<string | undefined> {
  constructor(readonly sku: string) {
    super();
  }
}
