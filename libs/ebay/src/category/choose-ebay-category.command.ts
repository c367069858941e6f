import { Command } from '@nestjs/cqrs';

export interface EbayCategoryChoice {
  productId: string;
  /** eBay's category for the product; null: the one of StoFlow's reference data. */
  categoryId: string | null;
  /** The aspects eBay requires in that category (the product must give each). */
  requiredAspects: string[];
}

/** The seller picks eBay's category for a product (from GET /api/ebay/categories/suggest), or drops the choice. */
export class ChooseEbayCategoryCommand extends Command<EbayCategoryChoice> {
  constructor(
    readonly userId: number,
    readonly productId: string,
    readonly categoryId: string | null,
  ) {
    super();
  }
}
