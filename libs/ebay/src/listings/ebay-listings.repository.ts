import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { EbayError } from '../api/ebay-api';

export type EbayListingStatus = 'published' | 'withdrawn' | 'unlinked';

export interface EbayListing {
  productId: string;
  sku: string;
  marketplaceId: string;
  offerId: string | null;
  listingId: string | null;
  url: string | null;
  status: EbayListingStatus;
  productVersion: number;
  warnings: EbayError[];
}

interface Row {
  product_id: string;
  sku: string;
  marketplace_id: string;
  offer_id: string | null;
  listing_id: string | null;
  url: string | null;
  status: EbayListingStatus;
  product_version: number;
  warnings: EbayError[];
}

/** eBay's daily ceiling on revisions of one listing (OAS); StoFlow stops a little short of it. */
export const DAILY_REVISIONS = 240;

/** What is on eBay for each product of the tenant (`ebay_listings`). */
@Injectable()
export class EbayListingsRepository {
  async of(em: EntityManager, productId: string): Promise<EbayListing | undefined> {
    const [row] = await em.execute<Row[]>('select * from ebay_listings where product_id = ?', [productId]);
    return row && toListing(row);
  }

  async published(em: EntityManager, productId: string): Promise<EbayListing | undefined> {
    const listing = await this.of(em, productId);
    return listing?.status === 'published' ? listing : undefined;
  }

  async save(em: EntityManager, listing: EbayListing, revised: boolean): Promise<void> {
    await em.execute(
      `insert into ebay_listings (product_id, sku, marketplace_id, offer_id, listing_id, url, status, product_version,
         warnings, revisions_on, revisions)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, current_date, 0)
       on conflict (product_id) do update set
         sku = excluded.sku, marketplace_id = excluded.marketplace_id, offer_id = excluded.offer_id,
         listing_id = excluded.listing_id, url = excluded.url, status = excluded.status,
         product_version = excluded.product_version, warnings = excluded.warnings,
         revisions = case when not ? then ebay_listings.revisions
                          when ebay_listings.revisions_on = current_date then ebay_listings.revisions + 1 else 1 end,
         revisions_on = case when ? then current_date else ebay_listings.revisions_on end,
         published_at = case when ebay_listings.status <> 'published' and excluded.status = 'published' then now()
                             else ebay_listings.published_at end,
         updated_at = now()`,
      [
        listing.productId,
        listing.sku,
        listing.marketplaceId,
        listing.offerId,
        listing.listingId,
        listing.url,
        listing.status,
        listing.productVersion,
        JSON.stringify(listing.warnings),
        revised,
        revised,
      ],
      'run',
    );
  }

  /** Revisions of the product's listing made today (eBay allows 250 a day per listing). */
  async revisionsToday(em: EntityManager, productId: string): Promise<number> {
    const [row] = await em.execute<{ n: number }[]>(
      'select case when revisions_on = current_date then revisions else 0 end as n from ebay_listings where product_id = ?',
      [productId],
    );
    return Number(row?.n ?? 0);
  }

  /** The seller disconnected: live listings stay on eBay, but StoFlow no longer speaks for them. */
  async unlinkAll(em: EntityManager): Promise<EbayListing[]> {
    const rows = await em.execute<Row[]>(
      `update ebay_listings set status = 'unlinked', updated_at = now() where status = 'published' returning *`,
    );
    return rows.map(toListing);
  }

  /** An account-deletion notice: eBay's ids are forgotten; the products stay. */
  async forgetAll(em: EntityManager): Promise<string[]> {
    const rows = await em.execute<{ product_id: string }[]>(
      `update ebay_listings set offer_id = null, listing_id = null, url = null, warnings = '[]'::jsonb,
         status = case when status = 'published' then 'unlinked' else status end, updated_at = now()
       returning product_id`,
    );
    return rows.map((r) => r.product_id);
  }

  /** Which products the SKUs of order lines are (each SKU names one product on one marketplace). */
  async productsOfSkus(em: EntityManager, skus: string[]): Promise<Map<string, string>> {
    if (skus.length === 0) return new Map();
    const rows = await em.execute<{ sku: string; product_id: string }[]>(
      `select sku, product_id from ebay_listings where sku in (${skus.map(() => '?').join(', ')})`,
      skus,
    );
    return new Map(rows.map((r) => [r.sku, r.product_id]));
  }

  async countLive(em: EntityManager): Promise<number> {
    const [row] = await em.execute<{ n: string }[]>(
      "select count(*) as n from ebay_listings where status = 'published'",
    );
    return Number(row?.n ?? 0);
  }
}

function toListing(row: Row): EbayListing {
  return {
    productId: row.product_id,
    sku: row.sku,
    marketplaceId: row.marketplace_id,
    offerId: row.offer_id,
    listingId: row.listing_id,
    url: row.url,
    status: row.status,
    productVersion: row.product_version,
    warnings: row.warnings,
  };
}
