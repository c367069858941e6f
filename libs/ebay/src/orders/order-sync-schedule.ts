/**
 * How often each seller's eBay orders are read, within eBay's 100,000 Fulfillment calls a day for the whole app
 * (README, "eBay orders"): a seller with live listings as often as the budget allows (never more than every
 * 5 minutes), one without every 6 hours (a sale can only come from a live listing; the rare one is still seen).
 */
export const FULFILLMENT_CALLS_PER_DAY = 100_000;
/** The share of the budget the schedule may plan for; the rest covers paging, "sync now" and retries. */
export const SCHEDULE_SHARE = 0.8;
export const FASTEST_MS = 5 * 60 * 1000;
export const IDLE_MS = 6 * 60 * 60 * 1000;
/** A failed pass is tried again soon, without giving up its place in the budget. */
export const RETRY_MS = 2 * 60 * 1000;
/** Orders modified this long before the last pass are read again: eBay's lastModifiedDate lags a little. */
export const OVERLAP_MS = 5 * 60 * 1000;
/** A seller's first pass looks this far back (eBay keeps 90 days without a filter). */
export const FIRST_LOOK_BACK_MS = 30 * 24 * 60 * 60 * 1000;

/** The interval for a seller with live listings, when `sellers` are connected. */
export function activeIntervalMs(sellers: number): number {
  const perDay = FULFILLMENT_CALLS_PER_DAY * SCHEDULE_SHARE;
  return Math.max(FASTEST_MS, Math.ceil((24 * 60 * 60 * 1000 * Math.max(1, sellers)) / perDay));
}
