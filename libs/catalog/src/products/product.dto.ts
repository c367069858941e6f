import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidationFailed } from '@stoflow/core';
import { PACKAGE_SIZES, UNMAPPED_ATTRIBUTES, WHEN_MADE } from './product.entity';
import { PRODUCT_STATUSES } from './product-status';
import { MARKETPLACES } from './product-view';

export class ProductImageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Expiring signed URL; needs no token' })
  url!: string;

  @ApiProperty({ minimum: 0 })
  position!: number;
}

export class UnmappedAttributeDto {
  @ApiProperty({ enum: UNMAPPED_ATTRIBUTES })
  attribute!: string;

  @ApiProperty({ description: "Vinted's id of the value" })
  vintedId!: number;

  @ApiProperty({ nullable: true, type: String, description: "Vinted's title of the value, when it gives one" })
  title!: string | null;
}

export class ListingDto {
  @ApiProperty({ enum: MARKETPLACES })
  marketplace!: string;

  @ApiProperty({ example: 'published' })
  status!: string;

  @ApiProperty({ nullable: true, type: String })
  externalId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  url!: string | null;

  @ApiProperty({ nullable: true, type: String })
  lastError!: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class ProductDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'SF-7K2M9QXA' })
  sku!: string;

  @ApiProperty({ minLength: 1, maxLength: 120 })
  title!: string;

  @ApiProperty({ maxLength: 5000 })
  description!: string;

  @ApiProperty({ example: '12.50', description: 'Decimal string with two decimals, never a float' })
  price!: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217' })
  currency!: string;

  @ApiProperty({ nullable: true, type: Number })
  brandId!: number | null;

  @ApiProperty({ nullable: true, type: Number })
  categoryId!: number | null;

  @ApiProperty({ nullable: true, type: Number })
  conditionId!: number | null;

  @ApiProperty({ type: [Number] })
  colorIds!: number[];

  @ApiProperty({ type: [Number] })
  materialIds!: number[];

  @ApiProperty({ nullable: true, type: Number })
  sizeId!: number | null;

  @ApiProperty({ nullable: true, type: Number })
  genderId!: number | null;

  @ApiProperty({ nullable: true, type: Number })
  seasonId!: number | null;

  @ApiProperty({ nullable: true, type: Number })
  fitId!: number | null;

  @ApiPropertyOptional({ enum: PACKAGE_SIZES, nullable: true, description: "Vinted's parcel size" })
  packageSize!: string | null;

  @ApiProperty({ enum: WHEN_MADE, nullable: true, description: "Etsy's when_made bucket; Etsy takes only vintage" })
  whenMade!: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Shipping weight (eBay, Etsy)' })
  weightGrams!: number | null;

  @ApiProperty({ minimum: 0 })
  stockQuantity!: number;

  @ApiProperty({ description: 'A cancelled order publishes the product again where selling out withdrew it' })
  relistOnCancel!: boolean;

  @ApiProperty({
    type: [UnmappedAttributeDto],
    description: 'Values an import found on a marketplace that StoFlow does not know yet, kept with their title',
  })
  unmappedAttributes!: UnmappedAttributeDto[];

  @ApiProperty({ enum: PRODUCT_STATUSES })
  status!: string;

  @ApiProperty({ description: 'Bumped by every change; also sent as the ETag header' })
  version!: number;

  @ApiProperty({ type: [ProductImageDto] })
  images!: ProductImageDto[];

  @ApiProperty({ type: [ListingDto] })
  listings!: ListingDto[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductDto] })
  items!: ProductDto[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  page!: number;

  @ApiProperty()
  limit!: number;
}

/** The ETag of a product version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The version an `If-Match` header demands (`*` or no header: any). Strong ETags only, as RFC 9110 wants. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*"(\d{1,9})"\s*$/.exec(header);
  if (!match) {
    throw new ValidationFailed('If-Match must be the ETag of a previous read, e.g. "3"', [
      { field: 'If-Match', issue: 'must be a quoted version such as "3"' },
    ]);
  }
  return Number(match[1]);
}
