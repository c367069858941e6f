import { Command } from '@nestjs/cqrs';
import type { PackageSize, UnmappedAttribute, WhenMade } from '../product.entity';
import type { ProductView } from '../product-view';

export interface NewProduct {
  sku?: string;
  title: string;
  description?: string;
  price: string;
  currency?: string;
  brandId?: number | null;
  categoryId?: number | null;
  conditionId?: number | null;
  colorIds?: number[];
  materialIds?: number[];
  sizeId?: number | null;
  genderId?: number | null;
  seasonId?: number | null;
  fitId?: number | null;
  packageSize?: PackageSize | null;
  whenMade?: WhenMade | null;
  weightGrams?: number | null;
  stockQuantity?: number;
  /** Marketplace values with no reference row yet (an import's), shown on the product. */
  unmappedAttributes?: UnmappedAttribute[];
}

/** Creates a draft product in the current tenant, within the tier's product quota. */
export class CreateProductCommand extends Command<ProductView> {
  constructor(readonly product: NewProduct) {
    super();
  }
}
