import { Query } from '@nestjs/cqrs';
import type { CategorySuggestion } from '../taxonomy/ebay-taxonomy';

/** eBay's leaf categories for a few words, most relevant first, on the seller's marketplace. */
export class SuggestEbayCategoriesQuery extends Query<CategorySuggestion[]> {
  constructor(
    readonly userId: number,
    readonly q: string,
    readonly marketplaceId: string | undefined,
  ) {
    super();
  }
}
