import { IsIn, ValidateIf } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { PackageSize as PackageSizeValue, WhenMade as WhenMadeValue } from '../product.entity';
import { PRODUCT_STATUSES, ProductStatus } from '../product-status';
import {
  AttributeId,
  AttributeIds,
  Currency,
  Description,
  PackageSize,
  WhenMade,
  Price,
  Sku,
  RelistOnCancel,
  StockQuantity,
  Title,
  WeightGrams,
} from '../product-fields';

/** Every field optional; `null` clears the nullable ones. `status` moves along the transition table. */
export class UpdateProductDto {
  @Sku('optional') sku?: string;
  @Title('optional') title?: string;
  @Description('optional') description?: string;
  @Price('optional') price?: string;
  @Currency('optional') currency?: string;
  @AttributeId('nullable', 'From /api/attributes/brands') brandId?: number | null;
  @AttributeId('nullable', 'From /api/attributes/categories') categoryId?: number | null;
  @AttributeId('nullable', 'From /api/attributes/conditions') conditionId?: number | null;
  @AttributeIds('optional', 'From /api/attributes/colors', 5) colorIds?: number[];
  @AttributeIds('optional', 'From /api/attributes/materials', 5) materialIds?: number[];
  @AttributeId('nullable', 'From /api/attributes/sizes') sizeId?: number | null;
  @AttributeId('nullable', 'From /api/attributes/genders') genderId?: number | null;
  @AttributeId('nullable', 'From /api/attributes/seasons') seasonId?: number | null;
  @AttributeId('nullable', 'From /api/attributes/fits') fitId?: number | null;
  @PackageSize('nullable') packageSize?: PackageSizeValue | null;
  @WhenMade('nullable') whenMade?: WhenMadeValue | null;
  @WeightGrams('nullable') weightGrams?: number | null;
  @StockQuantity('optional') stockQuantity?: number;
  @RelistOnCancel('optional') relistOnCancel?: boolean;

  @ApiPropertyOptional({
    enum: PRODUCT_STATUSES,
    description: 'draft → active → sold | archived; any other move is 409 CONFLICT',
  })
  @ValidateIf((_object, value) => value !== undefined)
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;
}
