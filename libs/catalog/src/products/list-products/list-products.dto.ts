import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@stoflow/core';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { PRODUCT_STATUSES, ProductStatus } from '../product-status';
import { Marketplace, MARKETPLACES } from '../product-view';
import { PRODUCT_SORTS, ProductSort } from './list-products.query';

const SORTS = PRODUCT_SORTS.flatMap((s) => [s, `-${s}`]);

export class ListProductsParams extends PageQuery {
  @ApiPropertyOptional({ enum: PRODUCT_STATUSES })
  @IsOptional()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @ApiPropertyOptional({ description: 'Search in title and sku, ignoring accents and case' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  brandId?: number;

  @ApiPropertyOptional({ description: 'This category or any category below it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  categoryId?: number;

  @ApiPropertyOptional({ enum: MARKETPLACES, description: 'Products with a listing on this marketplace' })
  @IsOptional()
  @IsIn(MARKETPLACES)
  marketplace?: Marketplace;

  @ApiPropertyOptional({ enum: SORTS, default: '-createdAt', description: '`-` for descending' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: ProductSort;
}
