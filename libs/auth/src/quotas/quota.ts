/** A tier's limits; `null` means unlimited (products) or every marketplace (marketplaces). */
export interface QuotaLimits {
  tier: string;
  products: number | null;
  marketplaces: number | null;
  publishesPerDay: number;
}

export interface QuotaRow {
  tier: string;
  products: number | null;
  marketplaces: number | null;
  publishes_per_day: number;
}

export function toQuotaLimits(row: QuotaRow): QuotaLimits {
  return {
    tier: row.tier,
    products: row.products,
    marketplaces: row.marketplaces,
    publishesPerDay: row.publishes_per_day,
  };
}
