import { ArrayType, Entity, Enum, JsonType, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { IllegalTransition } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { MoneyType, normalizePrice } from './money';
import { InsufficientStock, ProductNotForSale, ProductNotPublishable, ProductOutOfStock } from './product.errors';
import { canTransition, PRODUCT_STATUSES, ProductStatus } from './product-status';

export const PACKAGE_SIZES = ['small', 'medium', 'large'] as const;
export type PackageSize = (typeof PACKAGE_SIZES)[number];
/**
 * When the item was made, in Etsy's current `when_made` buckets (ETSY.md): the recent ones move with Etsy's
 * 20-year vintage rule, so the official document's older names (`2020_2023`, `before_2004`...) are not accepted.
 */
export const WHEN_MADE = [
  'made_to_order',
  '2020_2025',
  '2010_2019',
  '2006_2009',
  'before_2006',
  '2000_2005',
  '1990s',
  '1980s',
  '1970s',
  '1960s',
  '1950s',
  '1940s',
  '1930s',
  '1920s',
  '1910s',
  '1900s',
  '1800s',
  '1700s',
  'before_1700',
] as const;
export type WhenMade = (typeof WHEN_MADE)[number];

export const UNMAPPED_ATTRIBUTES = [
  'brand',
  'category',
  'condition',
  'size',
  'color',
  'material',
  'packageSize',
] as const;
export type UnmappedAttributeName = (typeof UNMAPPED_ATTRIBUTES)[number];

/**
 * A value an import found on a marketplace that StoFlow's reference data has no row for: kept with the
 * marketplace's own title (null when it gives none) so nothing is silently dropped.
 */
export interface UnmappedAttribute {
  attribute: UnmappedAttributeName;
  vintedId: number;
  title: string | null;
}

/** The product field that, once set by the seller, replaces an unmapped value of the attribute. */
const FIELD_OF_UNMAPPED: Record<UnmappedAttributeName, keyof ProductFields> = {
  brand: 'brandId',
  category: 'categoryId',
  condition: 'conditionId',
  size: 'sizeId',
  color: 'colorIds',
  material: 'materialIds',
  packageSize: 'packageSize',
};

/** What a seller may write on a product (status moves go through `transition`). */
export interface ProductFields {
  sku: string;
  title: string;
  description: string;
  price: string;
  currency: string;
  brandId: number | null;
  categoryId: number | null;
  conditionId: number | null;
  sizeId: number | null;
  genderId: number | null;
  seasonId: number | null;
  fitId: number | null;
  colorIds: number[];
  materialIds: number[];
  packageSize: PackageSize | null;
  whenMade: WhenMade | null;
  weightGrams: number | null;
  stockQuantity: number;
  relistOnCancel: boolean;
  unmappedAttributes: UnmappedAttribute[];
}

export type ProductChanges = Partial<ProductFields> & { status?: ProductStatus };

/** A tenant's product: the catalog's aggregate. Table `product` in the tenant schema. */
@Entity({ schema: '*', tableName: 'product' })
export class Product implements ProductFields {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property()
  sku!: string;

  @Property()
  title!: string;

  @Property({ type: 'text' })
  description: string & Opt = '';

  @Property({ type: MoneyType })
  price!: string;

  @Property({ columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'integer', nullable: true })
  brandId: number | null = null;

  @Property({ type: 'integer', nullable: true })
  categoryId: number | null = null;

  @Property({ type: 'integer', nullable: true })
  conditionId: number | null = null;

  @Property({ type: 'integer', nullable: true })
  sizeId: number | null = null;

  @Property({ type: 'integer', nullable: true })
  genderId: number | null = null;

  @Property({ type: 'integer', nullable: true })
  seasonId: number | null = null;

  @Property({ type: 'integer', nullable: true })
  fitId: number | null = null;

  @Property({ type: new ArrayType<number>(Number), columnType: 'integer[]' })
  colorIds: number[] & Opt = [];

  @Property({ type: new ArrayType<number>(Number), columnType: 'integer[]' })
  materialIds: number[] & Opt = [];

  @Enum({ items: () => [...PACKAGE_SIZES], nullable: true })
  packageSize: PackageSize | null = null;

  @Enum({ items: () => [...WHEN_MADE], nullable: true })
  whenMade: WhenMade | null = null;

  @Property({ type: 'integer', nullable: true })
  weightGrams: number | null = null;

  @Property({ type: 'integer' })
  stockQuantity: number & Opt = 1;

  /** A cancelled order puts the product back where its sale withdrew it (off unless the seller turns it on). */
  @Property({ type: 'boolean' })
  relistOnCancel: boolean & Opt = false;

  @Property({ type: JsonType, columnType: 'jsonb', fieldName: 'unmapped' })
  unmappedAttributes: UnmappedAttribute[] & Opt = [];

  @Enum({ items: () => [...PRODUCT_STATUSES] })
  status: ProductStatus & Opt = 'draft';

  /** Bumped by every flush; MikroORM adds `version = <read>` to the UPDATE's WHERE (optimistic lock). */
  @Property({ version: true })
  version!: number & Opt;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: (Date & Opt) | null = null;

  static create(fields: ProductFields): Product {
    const product = Object.assign(new Product(), fields);
    product.price = normalizePrice(fields.price);
    return product;
  }

  /** Applies a partial change; answers the names of the fields that really changed. */
  update(changes: ProductChanges): string[] {
    const { status, ...fields } = changes;
    if (fields.price !== undefined) fields.price = normalizePrice(fields.price);
    const changed: string[] = (Object.keys(fields) as (keyof ProductFields)[]).filter(
      (key) => fields[key] !== undefined && !same(this[key], fields[key]),
    );
    for (const key of changed) Object.assign(this, { [key]: fields[key as keyof ProductFields] });
    // A value the seller chose replaces the import's unmapped one for the same attribute.
    if (fields.unmappedAttributes === undefined && this.unmappedAttributes.length > 0) {
      const kept = this.unmappedAttributes.filter((u) => !isSet(this[FIELD_OF_UNMAPPED[u.attribute]]));
      if (kept.length !== this.unmappedAttributes.length) {
        this.unmappedAttributes = kept;
        changed.push('unmappedAttributes');
      }
    }
    if (status !== undefined && status !== this.status) {
      this.transition(status);
      changed.push('status');
    }
    return changed;
  }

  transition(to: ProductStatus): void {
    if (!canTransition(this.status, to)) throw new IllegalTransition('Product', this.status, to);
    this.status = to;
  }

  /** Takes `quantity` off the stock; answers true when this sale sold the last unit (the product is then sold). */
  recordSale(quantity: number): boolean {
    if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('A sale is of at least one unit');
    if (this.status !== 'active') throw new ProductNotForSale(this.id, this.status);
    if (quantity > this.stockQuantity) throw new InsufficientStock(this.id, quantity, this.stockQuantity);
    this.stockQuantity -= quantity;
    if (this.stockQuantity > 0) return false;
    this.transition('sold');
    return true;
  }

  /**
   * A recorded sale was cancelled or refunded on its marketplace: its units come back to the stock, and a product
   * that this stock had sold out is for sale again (only a returned sale reopens a sold product; a seller cannot).
   * Answers whether the product was reopened.
   */
  returnSale(quantity: number): boolean {
    if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('A returned sale is of at least one unit');
    this.stockQuantity += quantity;
    if (this.status !== 'sold') return false;
    this.status = 'active';
    return true;
  }

  /** Marketplaces may list a product only while it has stock and is not sold or archived. */
  assertPublishable(): void {
    if (this.status === 'sold' || this.status === 'archived') throw new ProductNotPublishable(this.id, this.status);
    if (this.stockQuantity === 0) throw new ProductOutOfStock(this.id);
  }

  softDelete(now = new Date()): void {
    this.deletedAt = now;
  }
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => v === b[i] || canonical(v) === canonical(b[i]));
  }
  return a === b;
}

/** JSON with keys in order: jsonb hands objects back with its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function isSet(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined;
}
