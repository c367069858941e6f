import { Query } from '@nestjs/cqrs';
import type { SellerPolicies } from './ebay-seller-account';

/** The seller's business policies on their marketplace; asks eBay to enable them when the account has none. */
export class GetEbayPoliciesQuery extends Query<SellerPolicies> {
  constructor(readonly userId: number) {
    super();
  }
}
