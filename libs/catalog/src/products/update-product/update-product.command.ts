import { Command } from '@nestjs/cqrs';
import type { ProductChanges } from '../product.entity';
import type { Marketplace, ProductView } from '../product-view';

/**
 * A partial change. With `expectedVersion` (the If-Match header) it applies only to that version (409 otherwise);
 * without, it applies to the latest version: concurrent changes queue on the row and none is lost.
 */
export class UpdateProductCommand extends Command<ProductView> {
  constructor(
    readonly productId: string,
    readonly changes: ProductChanges,
    readonly expectedVersion?: number,
    /** The marketplace the change was read from (an import): it is not sent back there. */
    readonly from?: Marketplace,
  ) {
    super();
  }
}
