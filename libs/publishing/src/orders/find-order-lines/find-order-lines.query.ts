import { Query } from '@nestjs/cqrs';
import type { Marketplace } from '@stoflow/catalog';

export interface KnownOrderLine {
  externalId: string;
  lineId: string;
  productId: string | null;
}

/**
 * The lines already recorded of the tenant's orders `externalIds` on `marketplace`: a sync follows their status
 * without reading each order again.
 */
export class FindOrderLinesQuery extends Query<KnownOrderLine[]> {
  constructor(
    readonly marketplace: Marketplace,
    readonly externalIds: string[],
  ) {
    super();
  }
}
