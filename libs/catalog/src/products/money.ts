import { Type } from '@mikro-orm/core';

/** A positive amount with at most 10 integer digits and 2 decimals (numeric(12,2)), written as a string. */
export const PRICE_PATTERN = /^(?=.*[1-9])\d{1,10}(\.\d{1,2})?$/;

/**
 * "7" → "7.00", "012.5" → "12.50": canonical two-decimal form, by string operations only, so an amount never
 * passes through a binary float on its way to `numeric(12,2)`.
 */
export function normalizePrice(price: string): string {
  if (!PRICE_PATTERN.test(price)) throw new RangeError(`Not a price: ${price}`);
  const [units, cents = ''] = price.split('.');
  return `${units.replace(/^0+(?=\d)/, '')}.${cents.padEnd(2, '0')}`;
}

/**
 * `numeric(12,2)` kept as the string PostgreSQL sends. MikroORM's DecimalType compares changes through
 * `Number`; this one compares the strings.
 */
export class MoneyType extends Type<string, string> {
  override convertToDatabaseValue(value: string): string {
    return value;
  }

  override convertToJSValue(value: string): string {
    return String(value);
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(): string {
    return 'numeric(12,2)';
  }
}
