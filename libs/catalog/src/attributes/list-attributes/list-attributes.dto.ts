import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@stoflow/core';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { ATTRIBUTE_TYPES } from '../attribute-types';

export class ListAttributesParams extends PageQuery {
  @ApiPropertyOptional({ description: 'Search in names, ignoring accents and case', example: 'creme' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Categories only: the children of this category' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  parentId?: number;

  @ApiPropertyOptional({ description: 'Categories only: `true` gives the roots of the tree' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  root?: boolean;

  @ApiPropertyOptional({ description: 'Sizes only: the sizes that fit this category (its Vinted size group)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  categoryId?: number;
}

export class AttributeDto {
  @ApiProperty({ example: 12 })
  id!: number;

  @ApiProperty({ example: 'cream', description: 'Stable across databases' })
  code!: string;

  @ApiProperty({ example: 'Cream' })
  name!: string;

  @ApiPropertyOptional({ example: 'Crème', nullable: true })
  nameFr?: string | null;

  @ApiPropertyOptional({ description: 'Categories: the parent category, null for a root', nullable: true })
  parentId?: number | null;

  @ApiPropertyOptional({ description: 'Categories: a root of the tree' })
  root?: boolean;

  @ApiPropertyOptional({ description: 'Categories: no sub-category below it (the level a listing needs)' })
  isLeaf?: boolean;

  @ApiPropertyOptional({
    type: [String],
    description: 'Categories: names from the root to it',
    example: ['Women', 'Dresses'],
  })
  path?: string[];

  @ApiPropertyOptional({
    description: 'Categories: whether a product of this category can be listed there as it is',
    example: { vinted: true, ebay: true, etsy: true },
  })
  listable?: { vinted: boolean; ebay: boolean; etsy: boolean };
}

export class AttributePageDto {
  @ApiProperty({
    type: [AttributeDto],
    description:
      'Each item also carries the marketplace ids of its type (null where the marketplace has none), e.g. ' +
      'vintedBrandId, ebayBrandName, vintedColorId, vintedStatusId, ebayCondition, ebayConditionId, vintedCatalogId, ' +
      'ebayCategoryId, etsyTaxonomyId, vintedMaterialId, vintedWomenId',
  })
  items!: AttributeDto[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  page!: number;

  @ApiProperty()
  limit!: number;
}

export const ATTRIBUTE_TYPE_PARAM = { name: 'type', enum: ATTRIBUTE_TYPES };
