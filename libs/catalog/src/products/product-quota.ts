import { EntityManager } from '@mikro-orm/postgresql';
import { QuotaExceeded } from '@stoflow/core';

/** Advisory-lock class of product quota checks (the object id is the tenant schema's hash). */
const QUOTA_LOCK = 0x5f0c01;

/** Live (not deleted) products: the tally the product triggers keep (tenant migration 0710). */
export async function countLiveProducts(em: EntityManager): Promise<number> {
  const [{ used }] = await em.execute<{ used: number }[]>('select live as used from product_tally');
  return used;
}

/**
 * Refuses a new product over the tier's limit (`null`: unlimited). Concurrent creations of one tenant take turns
 * on an advisory lock held until commit, so two requests cannot both take the last free slot.
 */
export async function assertRoomForProduct(em: EntityManager, limit: number | null): Promise<void> {
  if (limit === null) return;
  await em.execute(`select pg_advisory_xact_lock(${QUOTA_LOCK}, hashtext(current_schema()))`);
  const used = await countLiveProducts(em);
  if (used >= limit) throw new QuotaExceeded('products', limit, used);
}
