import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** The eBay category a seller chose for a product (`ebay_category_choices`), over the reference data's. */
@Injectable()
export class EbayCategoryChoicesRepository {
  async of(em: EntityManager, productId: string): Promise<string | null> {
    const [row] = await em.execute<{ category_id: string }[]>(
      'select category_id from ebay_category_choices where product_id = ?',
      [productId],
    );
    return row?.category_id ?? null;
  }

  async choose(em: EntityManager, productId: string, categoryId: string): Promise<void> {
    await em.execute(
      `insert into ebay_category_choices (product_id, category_id) values (?, ?)
       on conflict (product_id) do update set category_id = excluded.category_id, chosen_at = now()`,
      [productId, categoryId],
      'run',
    );
  }

  async forget(em: EntityManager, productId: string): Promise<boolean> {
    const rows = await em.execute<{ product_id: string }[]>(
      'delete from ebay_category_choices where product_id = ? returning product_id',
      [productId],
    );
    return rows.length > 0;
  }
}
