import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { asRouteError } from '../account/ebay-unavailable';
import { CategorySuggestion, EbayTaxonomy } from '../taxonomy/ebay-taxonomy';
import { SuggestEbayCategoriesQuery } from './suggest-ebay-categories.query';

@QueryHandler(SuggestEbayCategoriesQuery)
export class SuggestEbayCategoriesHandler implements IQueryHandler<SuggestEbayCategoriesQuery> {
  constructor(
    private readonly taxonomy: EbayTaxonomy,
    private readonly accounts: EbayAccountsRepository,
  ) {}

  async execute({ userId, q, marketplaceId }: SuggestEbayCategoriesQuery): Promise<CategorySuggestion[]> {
    const site = marketplaceId ?? (await this.accounts.of(userId))?.marketplace_id ?? 'EBAY_US';
    return this.taxonomy.suggest(site, q).catch(asRouteError);
  }
}
