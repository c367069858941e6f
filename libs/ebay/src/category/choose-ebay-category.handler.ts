import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { GetProductQuery } from '@stoflow/catalog';
import { BusinessRuleViolation, isOutboundFailure, TenantContext, TenantDatabase } from '@stoflow/core';
import { asRouteError } from '../account/ebay-unavailable';
import { ebayErrors } from '../api/ebay-api';
import { EbaySellerAccount } from '../setup/ebay-seller-account';
import { AspectConstraint, EbayTaxonomy } from '../taxonomy/ebay-taxonomy';
import { EbayCategoryChoicesRepository } from './ebay-category-choices.repository';
import { ChooseEbayCategoryCommand, EbayCategoryChoice } from './choose-ebay-category.command';

/** Taxonomy's answers for a category that cannot take listings: not a leaf (62009), not in the tree (62005). */
const NOT_LISTABLE = new Set([62005, 62008, 62009]);

@CommandHandler(ChooseEbayCategoryCommand)
export class ChooseEbayCategoryHandler implements ICommandHandler<ChooseEbayCategoryCommand> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly queries: QueryBus,
    private readonly seller: EbaySellerAccount,
    private readonly taxonomy: EbayTaxonomy,
    private readonly choices: EbayCategoryChoicesRepository,
  ) {}

  async execute({ userId, productId, categoryId }: ChooseEbayCategoryCommand): Promise<EbayCategoryChoice> {
    return this.tenant.run(userId, async () => {
      // 404 for a product that is not this seller's.
      await this.queries.execute(new GetProductQuery(productId));
      if (categoryId === null) {
        await this.db.transaction((em) => this.choices.forget(em, productId));
        return { productId, categoryId: null, requiredAspects: [] };
      }
      const account = await this.seller.connected(userId);
      const aspects = await this.leafAspects(account.marketplace_id, categoryId);
      await this.db.transaction((em) => this.choices.choose(em, productId, categoryId));
      return { productId, categoryId, requiredAspects: aspects.filter((a) => a.required).map((a) => a.name) };
    });
  }

  private async leafAspects(marketplaceId: string, categoryId: string): Promise<AspectConstraint[]> {
    try {
      return await this.taxonomy.aspects(marketplaceId, categoryId);
    } catch (error) {
      if (isOutboundFailure(error) && ebayErrors(error.body).some((e) => NOT_LISTABLE.has(e.errorId ?? 0))) {
        throw new BusinessRuleViolation(
          'EBAY_CATEGORY_NOT_LISTABLE',
          `eBay lists items only in its most precise categories, and ${categoryId} is not one on ${marketplaceId}: pick one from GET /api/ebay/categories/suggest`,
          [{ field: 'categoryId', issue: 'not a leaf category of eBay on your site' }],
        );
      }
      return asRouteError(error);
    }
  }
}
