import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@stoflow/core';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
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
