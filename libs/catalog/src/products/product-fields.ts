import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { PRICE_PATTERN } from './money';
import { PACKAGE_SIZES, WHEN_MADE } from './product.entity';

/**
 * Validation of product fields, shared by create and update. `required` fields must be present; `optional`
 * fields may be left out but never be null; `nullable` fields may also be null (= cleared).
 */
type Presence = 'required' | 'optional' | 'nullable';

function presence(mode: Presence): PropertyDecorator {
  if (mode === 'required') return () => undefined;
  return ValidateIf((_object, value) => value !== undefined && !(mode === 'nullable' && value === null));
}

function doc(mode: Presence, options: Parameters<typeof ApiProperty>[0]): PropertyDecorator {
  return mode === 'required'
    ? ApiProperty(options)
    : ApiPropertyOptional({ ...options, ...(mode === 'nullable' ? { nullable: true } : {}) });
}

export const Sku = (mode: Presence) =>
  applyDecorators(
    doc(mode, { example: 'JEANS-0042', description: 'Unique among live products; generated when absent' }),
    presence(mode),
    IsString(),
    Matches(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/, {
      message: 'sku must be 1..64 letters, digits, . _ - / and start with a letter or digit',
    }),
  );

export const Title = (mode: Presence) =>
  applyDecorators(
    doc(mode, { minLength: 1, maxLength: 120, example: "Levi's 501 jeans W32" }),
    presence(mode),
    IsString(),
    Length(1, 120),
    Matches(/\S/, { message: 'title must not be blank' }),
  );

export const Description = (mode: Presence) =>
  applyDecorators(doc(mode, { maxLength: 5000, default: '' }), presence(mode), IsString(), MaxLength(5000));

export const Price = (mode: Presence) =>
  applyDecorators(
    doc(mode, {
      type: String,
      example: '12.50',
      pattern: PRICE_PATTERN.source,
      description: 'Decimal string > 0, at most 2 decimals (answered with exactly 2); a JSON number is refused',
    }),
    presence(mode),
    IsString({ message: 'price must be a decimal string such as "12.50", not a number' }),
    // Only a string can have the wrong digits: a number is already refused above, with one message.
    ValidateBy({
      name: 'pricePattern',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || PRICE_PATTERN.test(value),
        defaultMessage: () => 'price must be > 0 with at most 10 digits before and 2 after the point',
      },
    }),
  );

export const Currency = (mode: Presence) =>
  applyDecorators(
    doc(mode, { example: 'EUR', default: 'EUR', description: 'ISO 4217' }),
    presence(mode),
    IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code such as EUR' }),
  );

export const AttributeId = (mode: Presence, description: string) =>
  applyDecorators(doc(mode, { type: Number, description }), presence(mode), IsInt(), Min(1), Max(2_147_483_647));

export const AttributeIds = (mode: Presence, description: string, max: number) =>
  applyDecorators(
    doc(mode, { type: [Number], description, maxItems: max }),
    presence(mode),
    IsArray(),
    ArrayMaxSize(max),
    ArrayUnique(),
    IsInt({ each: true }),
    Min(1, { each: true }),
    Max(2_147_483_647, { each: true }),
  );

export const PackageSize = (mode: Presence) =>
  applyDecorators(
    doc(mode, { enum: PACKAGE_SIZES, description: "Vinted's parcel size" }),
    presence(mode),
    IsIn(PACKAGE_SIZES),
  );

export const WhenMade = (mode: Presence) =>
  applyDecorators(
    doc(mode, {
      enum: WHEN_MADE,
      description: "When the item was made, in Etsy's when_made buckets; Etsy takes only vintage (20+ years old)",
    }),
    presence(mode),
    IsIn(WHEN_MADE, { message: `whenMade must be one of ${WHEN_MADE.join(', ')}` }),
  );

export const RelistOnCancel = (mode: Presence) =>
  applyDecorators(
    doc(mode, {
      type: Boolean,
      default: false,
      description:
        'When an order is cancelled on its marketplace, publish the product again where selling out withdrew it',
    }),
    presence(mode),
    IsBoolean({ message: 'relistOnCancel must be true or false' }),
  );

export const WeightGrams = (mode: Presence) =>
  applyDecorators(
    doc(mode, { type: Number, minimum: 1, maximum: 100_000, description: 'Shipping weight (eBay, Etsy)' }),
    presence(mode),
    IsInt(),
    Min(1),
    Max(100_000),
  );

export const StockQuantity = (mode: Presence) =>
  applyDecorators(
    doc(mode, { type: Number, minimum: 0, maximum: 1_000_000, default: 1 }),
    presence(mode),
    IsInt(),
    Min(0),
    Max(1_000_000),
  );
