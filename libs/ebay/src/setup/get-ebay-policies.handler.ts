import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { asRouteError } from '../account/ebay-unavailable';
import { EbaySellerAccount, SellerPolicies } from './ebay-seller-account';
import { GetEbayPoliciesQuery } from './get-ebay-policies.query';

@QueryHandler(GetEbayPoliciesQuery)
export class GetEbayPoliciesHandler implements IQueryHandler<GetEbayPoliciesQuery> {
  constructor(private readonly seller: EbaySellerAccount) {}

  execute({ userId }: GetEbayPoliciesQuery): Promise<SellerPolicies> {
    return this.seller.policies(userId).catch(asRouteError);
  }
}
