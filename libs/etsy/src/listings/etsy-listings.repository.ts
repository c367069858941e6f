import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface EtsyListing {
  productId: string;
  sku: string;
  listingId: number | null;
  url: string | null;
  status: 'published' | 'withdrawn' | 'unlinked';
  productVersion: number;
  /** The product's image ids the listing was last sent, in order. */
  photos: string[];
}

interface Row {
  product_id: string;
  sku: string;
  listing_id: string | null;
  url: string | null;
  status: EtsyListing['status'];
  product_version: number;
  photos: string[];
}

/** What is on Etsy for each product of the tenant (`etsy_listings`). */
@Injectable()
export class EtsyListingsRepository {
  async of(em: EntityManager, productId: string): Promise<EtsyListing | undefined> {
    const [row] = await em.execute<Row[]>('select * from etsy_listings where product_id = ?', [productId]);
    return row && toListing(row);
  }

  async save(em: EntityManager, listing: EtsyListing): Promise<void> {
    await em.execute(
      `insert into etsy_listings (product_id, sku, listing_id, url, status, product_version, photos)
       values (?, ?, ?, ?, ?, ?, ?::jsonb)
       on conflict (product_id) do update set sku = excluded.sku, listing_id = excluded.listing_id,
         url = excluded.url, status = excluded.status, product_version = excluded.product_version,
         photos = excluded.photos, updated_at = now()`,
      [
        listing.productId,
        listing.sku,
        listing.listingId,
        listing.url,
        listing.status,
        listing.productVersion,
        JSON.stringify(listing.photos),
      ],
      'run',
    );
  }

  async unlinkAll(em: EntityManager): Promise<(EtsyListing & { externalId: string | null })[]> {
    const rows = await em.execute<Row[]>(
      `update etsy_listings set status = 'unlinked', updated_at = now() where status = 'published' returning *`,
    );
    return rows.map((r) => ({ ...toListing(r), externalId: r.listing_id }));
  }

  /** Products of receipts' transactions: by our SKU, else by Etsy's listing id. */
  async productsOf(
    em: EntityManager,
    skus: string[],
    listingIds: number[],
  ): Promise<{ bySku: Map<string, string>; byListing: Map<number, string> }> {
    const rows =
      skus.length || listingIds.length
        ? await em.execute<Row[]>(
            `select * from etsy_listings where sku = any(?::text[]) or listing_id = any(?::bigint[])`,
            [`{${skus.map((s) => `"${s}"`).join(',')}}`, `{${listingIds.join(',')}}`],
          )
        : [];
    return {
      bySku: new Map(rows.map((r) => [r.sku, r.product_id])),
      byListing: new Map(rows.filter((r) => r.listing_id).map((r) => [Number(r.listing_id), r.product_id])),
    };
  }

  async countLive(em: EntityManager): Promise<number> {
    const [row] = await em.execute<{ n: string }[]>(
      "select count(*) as n from etsy_listings where status = 'published'",
    );
    return Number(row?.n ?? 0);
  }
}

function toListing(row: Row): EtsyListing {
  return {
    productId: row.product_id,
    sku: row.sku,
    listingId: row.listing_id === null ? null : Number(row.listing_id),
    url: row.url,
    status: row.status,
    productVersion: row.product_version,
    photos: row.photos ?? [],
  };
}
