import { Query } from '@nestjs/cqrs';
import type { EbayConnectionView } from './ebay-connection.view';

export class GetEbayConnectionQuery extends Query<EbayConnectionView> {
  constructor(readonly userId: number) {
    super();
  }
}
