import { LockMode, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Product } from './product.entity';
import { ProductNotFound, SkuTaken, StaleProductVersion } from './product.errors';
import { isProductId } from './product-view';

/** Loads a live product for a change, row-locked until the transaction ends so changes to it queue up. */
export async function lockLiveProduct(em: EntityManager, id: string): Promise<Product> {
  const product = isProductId(id)
    ? await em.findOne(Product, { id, deletedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE })
    : null;
  if (!product) throw new ProductNotFound(id);
  return product;
}

/** Flushes, turning the live-sku index's refusal and a lost optimistic lock into 409s. */
export async function flushProduct(em: EntityManager, product: Product): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && /product_sku_live_key/.test(error.message)) {
      throw new SkuTaken(product.sku);
    }
    if (error instanceof OptimisticLockError) throw new StaleProductVersion(product.id, product.version);
    throw error;
  }
}
