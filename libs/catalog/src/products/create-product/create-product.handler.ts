import { EntityManager } from '@mikro-orm/postgresql';
import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { GetQuotaQuery } from '@stoflow/auth';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { assertAttributesExist } from '../../attributes/attribute-ids';
import { Product } from '../product.entity';
import { SkuTaken } from '../product.errors';
import { ProductCreatedEvent } from '../product.events';
import { assertRoomForProduct } from '../product-quota';
import { ProductReader } from '../product-reader';
import { flushProduct } from '../product-store';
import { ProductView } from '../product-view';
import { generateSku } from '../sku';
import { CreateProductCommand, NewProduct } from './create-product.command';

@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand, ProductView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly context: TenantContext,
    private readonly queries: QueryBus,
    private readonly outbox: Outbox,
    private readonly reader: ProductReader,
  ) {}

  async execute({ product }: CreateProductCommand): Promise<ProductView> {
    const tenantId = this.context.requireTenantId();
    const { products: limit } = await this.queries.execute(new GetQuotaQuery(tenantId));
    // A generated sku may (rarely) collide with a live one: draw again in a fresh transaction.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.db.transaction((em) => this.create(em, tenantId, product, limit));
      } catch (error) {
        if (!(error instanceof SkuTaken && product.sku === undefined && attempt < 3)) throw error;
      }
    }
  }

  private async create(em: EntityManager, tenantId: number, input: NewProduct, limit: number | null) {
    await assertAttributesExist(em, input);
    await assertRoomForProduct(em, limit);
    const { title, price, sku = generateSku() } = input;
    const product = Product.create({ ...DEFAULTS, ...definedOnly(input), title, price, sku });
    em.persist(product);
    await flushProduct(em, product);
    await this.outbox.add(em, new ProductCreatedEvent(tenantId, product.id, product.sku));
    return (await this.reader.byId(em, product.id))!;
  }
}

const DEFAULTS = {
  description: '',
  currency: 'EUR',
  brandId: null,
  categoryId: null,
  conditionId: null,
  sizeId: null,
  genderId: null,
  seasonId: null,
  fitId: null,
  colorIds: [],
  materialIds: [],
  packageSize: null,
  whenMade: null,
  weightGrams: null,
  stockQuantity: 1,
  relistOnCancel: false,
  unmappedAttributes: [],
};

/** DTO instances may carry declared-but-absent fields as own `undefined` properties: they must not erase defaults. */
function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
