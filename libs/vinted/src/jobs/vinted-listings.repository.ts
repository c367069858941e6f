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
  /** The product version the item shows. */
  productVersion: number;
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
        product_version: number;
      }[]
    >('select product_id, item_id, url, photos, status, product_version from vinted_listings where product_id = ?', [
      productId,
    ]);
    return (
      row && {
        productId: row.product_id,
        itemId: row.item_id,
        url: row.url,
        photos: row.photos,
        status: row.status,
        productVersion: row.product_version,
      }
    );
  }

  /** Which products the Vinted items are listings of (a sale names its item). */
  async productsOfItems(em: EntityManager, itemIds: string[]): Promise<Map<string, string>> {
    if (itemIds.length === 0) return new Map();
    const rows = await em.execute<{ item_id: string; product_id: string }[]>(
      `select item_id, product_id from vinted_listings where item_id in (${itemIds.map(() => '?').join(', ')})`,
      itemIds,
    );
    return new Map(rows.map((r) => [r.item_id, r.product_id]));
  }

  async published(em: EntityManager, productId: string): Promise<VintedListing | undefined> {
    const listing = await this.of(em, productId);
    return listing?.status === 'published' ? listing : undefined;
  }

  /** A photo of the item now also in the catalog (an import copied it): never copied again. */
  async addPhoto(em: EntityManager, productId: string, itemId: string, photo: ListedPhoto): Promise<void> {
    await em.execute(
      `update vinted_listings set photos = photos || ?::jsonb, updated_at = now()
        where product_id = ? and item_id = ? and not photos @> ?::jsonb`,
      [JSON.stringify([photo]), productId, itemId, JSON.stringify([{ photoId: photo.photoId }])],
      'run',
    );
  }

  async save(em: EntityManager, listing: VintedListing): Promise<void> {
    await em.execute(
      `insert into vinted_listings (product_id, item_id, url, photos, status, product_version)
       values (?, ?, ?, ?::jsonb, ?, ?)
       on conflict (product_id) do update
         set item_id = excluded.item_id, url = excluded.url, photos = excluded.photos, status = excluded.status,
             product_version = excluded.product_version,
             published_at = case when vinted_listings.status = 'deleted' then now() else vinted_listings.published_at end,
             updated_at = now()`,
      [
        listing.productId,
        listing.itemId,
        listing.url,
        JSON.stringify(listing.photos),
        listing.status,
        listing.productVersion,
      ],
      'run',
    );
  }
}
