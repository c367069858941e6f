import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface ListedPhoto {
  imageId: string;
  photoId: number;
}

export interface VintedListing {
  productId: string;
  itemId: string;
  url: string | null;
  photos: ListedPhoto[];
  status: 'published' | 'deleted';
}

/** What is on Vinted for each product of the tenant (`vinted_listings`). */
@Injectable()
export class VintedListingsRepository {
  async of(em: EntityManager, productId: string): Promise<VintedListing | undefined> {
    const [row] = await em.execute<
      {
        product_id: string;
        item_id: string;
        url: string | null;
        photos: ListedPhoto[];
        status: 'published' | 'deleted';
      }[]
    >('select product_id, item_id, url, photos, status from vinted_listings where product_id = ?', [productId]);
    return (
      row && { productId: row.product_id, itemId: row.item_id, url: row.url, photos: row.photos, status: row.status }
    );
  }

  async published(em: EntityManager, productId: string): Promise<VintedListing | undefined> {
    const listing = await this.of(em, productId);
    return listing?.status === 'published' ? listing : undefined;
  }

  async save(em: EntityManager, listing: VintedListing): Promise<void> {
    await em.execute(
      `insert into vinted_listings (product_id, item_id, url, photos, status) values (?, ?, ?, ?::jsonb, ?)
       on conflict (product_id) do update
         set item_id = excluded.item_id, url = excluded.url, photos = excluded.photos, status = excluded.status,
             published_at = case when vinted_listings.status = 'deleted' then now() else vinted_listings.published_at end,
             updated_at = now()`,
      [listing.productId, listing.itemId, listing.url, JSON.stringify(listing.photos), listing.status],
      'run',
    );
  }
}
