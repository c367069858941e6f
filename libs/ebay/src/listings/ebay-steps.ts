import type { ListingSnapshot } from '@stoflow/catalog';
import type { ListedItem, StepDecision, StepInputs, StepOutcome } from '@stoflow/publishing';
import type { EbayCall, EbayError } from '../api/ebay-api';
import { ebayMarketplace, listingUrl, skuOf } from '../api/ebay-marketplaces';
import type { AspectConstraint } from '../taxonomy/ebay-taxonomy';
import { aspectsOf, inventoryItemBody, listingProblems, offerBody, SellerSetup } from './ebay-listing';
import { DAILY_REVISIONS, EbayListing } from './ebay-listings.repository';

/**
 * A job's progress on eBay, recorded after each call, so that a restart (or a call with no answer) resumes from
 * what eBay is known to hold. The SKU is the idempotency key: the item is put by SKU, the offer is looked up by
 * SKU before it is ever created, and a publish whose answer was lost is looked up again before it is repeated.
 */
export interface EbayJobState {
  basedOn?: number;
  sku?: string;
  marketplaceId?: string;
  itemPut?: boolean;
  looked?: boolean;
  offerId?: string | null;
  offerPublished?: boolean;
  listingId?: string | null;
  offerSet?: boolean;
  published?: boolean;
  withdrawn?: boolean;
  /** Calls whose outcome was unknown (looked up again each time): bounded, so eBay failing for good ends the job. */
  unknowns?: number;
  warnings?: EbayError[];
}

/** What the steps read from outside the tenant's tables, before the job's transaction. */
export interface EbayPrepared {
  setup: SellerSetup | null;
  /** The category's aspects; null when Taxonomy could not be read (eBay then checks them on publish). */
  aspects: AspectConstraint[] | null;
  mediaIsPublic: boolean;
}

export type ListedEbayItem = ListedItem & EbayListing & { revisionsToday: number };

type Inputs = StepInputs<EbayJobState, EbayPrepared>;
type Decision = StepDecision<EbayJobState>;

export const EBAY_STEPS = [
  'put-item',
  'find-offer',
  'create-offer',
  'update-offer',
  'publish-offer',
  'withdraw-offer',
] as const;
export type EbayStep = (typeof EBAY_STEPS)[number];

export function plan(inputs: Inputs): { state: EbayJobState; total: number } | Extract<Decision, { kind: 'fail' }> {
  const { job, prepared, snapshot } = inputs;
  const listing = inputs.listing as ListedEbayItem | undefined;
  const basedOn = snapshot?.product.version ?? listing?.productVersion ?? 0;
  if (job.action === 'delete') {
    if (!listing) return { state: { basedOn, withdrawn: true }, total: 0 };
    return { state: { basedOn, sku: listing.sku, marketplaceId: listing.marketplaceId }, total: 2 };
  }
  if (!prepared.setup) {
    return {
      kind: 'fail',
      code: 'MARKETPLACE_NOT_SET_UP',
      message: 'Choose your eBay policies and item location first (PUT /api/ebay/settings)',
    };
  }
  if (job.action === 'update' && listing && listing.revisionsToday >= DAILY_REVISIONS) {
    return {
      kind: 'fail',
      code: 'EBAY_DAILY_REVISIONS',
      message: `eBay allows about 250 changes of a listing a day and this one had ${listing.revisionsToday} today: retry the job tomorrow`,
    };
  }
  const marketplaceId = listing?.marketplaceId ?? prepared.setup.marketplaceId;
  return {
    state: { basedOn, sku: listing?.sku ?? skuOf(job.productId, marketplaceId), marketplaceId },
    total: job.action === 'publish' ? 4 : 3,
  };
}

export function next(inputs: Inputs): Decision {
  const { job, state } = inputs;
  if ((state.unknowns ?? 0) > inputs.maxStepRetries) {
    return {
      kind: 'fail',
      code: 'EBAY_UNAVAILABLE',
      message: 'eBay kept failing without saying whether it took the change; StoFlow checked each time and stopped',
    };
  }
  if (job.action === 'delete') return nextWithdrawal(state);
  const snapshot = inputs.snapshot;
  if (!snapshot) return { kind: 'fail', code: 'NOT_FOUND', message: 'The product is gone' };
  const setup = inputs.prepared.setup!;
  const sku = state.sku!;
  const language = ebayMarketplace(state.marketplaceId!).language;

  if (!state.itemPut) {
    return dispatch('put-item', {
      api: 'inventory',
      method: 'PUT',
      path: `/inventory_item/${encodeURIComponent(sku)}`,
      json: inventoryItemBody(snapshot, itemAspects(snapshot, inputs.prepared)),
      contentLanguage: language,
    });
  }
  if (!state.looked) return dispatch('find-offer', findOffer(sku, state.marketplaceId!));
  if (!state.offerSet) {
    const body = offerBody(snapshot, sku, { ...setup, marketplaceId: state.marketplaceId! });
    if (state.offerId) {
      return dispatch('update-offer', {
        api: 'inventory',
        method: 'PUT',
        path: `/offer/${encodeURIComponent(state.offerId)}`,
        json: body,
        contentLanguage: language,
      });
    }
    if (job.action === 'update') {
      return { kind: 'fail', code: 'EBAY_ITEM_GONE', message: 'The listing is no longer on eBay: publish it again' };
    }
    return dispatch('create-offer', {
      api: 'inventory',
      method: 'POST',
      path: '/offer',
      json: body,
      contentLanguage: language,
    });
  }
  if (job.action === 'update' || state.published || (state.offerPublished && state.listingId))
    return { kind: 'complete' };
  return dispatch('publish-offer', {
    api: 'inventory',
    method: 'POST',
    path: `/offer/${encodeURIComponent(state.offerId!)}/publish`,
  });
}

function nextWithdrawal(state: EbayJobState): Decision {
  if (state.withdrawn) return { kind: 'complete' };
  if (!state.looked) return dispatch('find-offer', findOffer(state.sku!, state.marketplaceId!));
  if (!state.offerId || !state.offerPublished) return { kind: 'complete' };
  return dispatch('withdraw-offer', {
    api: 'inventory',
    method: 'POST',
    path: `/offer/${encodeURIComponent(state.offerId)}/withdraw`,
  });
}

export function fold(
  step: string,
  outcome: Extract<StepOutcome, { kind: 'ok' | 'not-found' }>,
  state: EbayJobState,
): EbayJobState | undefined {
  const body = outcome.kind === 'ok' ? (outcome.body as Record<string, unknown> | undefined) : undefined;
  const warnings = [...(state.warnings ?? []), ...((body?.warnings as EbayError[] | undefined) ?? [])];
  switch (step as EbayStep) {
    case 'put-item':
      return outcome.kind === 'ok' ? { ...state, itemPut: true, warnings } : undefined;
    case 'find-offer': {
      if (outcome.kind === 'not-found') return { ...state, looked: true, offerId: null, offerPublished: false };
      const offer = pickOffer(body, state.marketplaceId!);
      return {
        ...state,
        looked: true,
        offerId: offer?.offerId ?? null,
        offerPublished: offer?.status === 'PUBLISHED' && Boolean(offer.listing?.listingId),
        listingId: offer?.listing?.listingId ?? state.listingId ?? null,
      };
    }
    case 'create-offer': {
      const offerId = typeof body?.offerId === 'string' ? body.offerId : undefined;
      return offerId ? { ...state, offerId, offerSet: true, warnings } : undefined;
    }
    case 'update-offer':
      // The offer vanished since it was looked up: look again (and create it, for a publish).
      if (outcome.kind === 'not-found') return { ...state, looked: false, offerId: null, offerSet: false };
      return { ...state, offerSet: true, warnings };
    case 'publish-offer': {
      const listingId = typeof body?.listingId === 'string' ? body.listingId : undefined;
      return listingId ? { ...state, listingId, published: true, warnings } : undefined;
    }
    case 'withdraw-offer':
      // Already ended or gone is what a withdrawal wants.
      return { ...state, withdrawn: true };
    default:
      return undefined;
  }
}

/** A create or a publish with no answer may have happened: look the offer up again before anything else. */
export function afterUnknown(step: string, state: EbayJobState): EbayJobState | undefined {
  if (step === 'create-offer') return { ...state, looked: false, offerSet: false, unknowns: (state.unknowns ?? 0) + 1 };
  if (step === 'publish-offer') return { ...state, looked: false, unknowns: (state.unknowns ?? 0) + 1 };
  // Puts, lookups and withdrawals are safe to repeat as they are, after the runner's back-off.
  return undefined;
}

/** What the job made: the listing to record (or its end, for a withdrawal). */
export function completedListing(
  action: string,
  productId: string,
  state: EbayJobState,
  before: ListedEbayItem | undefined,
): EbayListing | undefined {
  if (action === 'delete') {
    if (!before) return undefined;
    return { ...before, status: 'withdrawn' };
  }
  const listingId = state.listingId ?? before?.listingId ?? null;
  return {
    productId,
    sku: state.sku!,
    marketplaceId: state.marketplaceId!,
    offerId: state.offerId ?? before?.offerId ?? null,
    listingId,
    url: listingId ? listingUrl(state.marketplaceId!, listingId) : null,
    status: 'published',
    productVersion: state.basedOn ?? 0,
    warnings: state.warnings ?? [],
  };
}

/** The problems a can-take check reports, aspects included when the category's are known. */
export function problemsOf(snapshot: ListingSnapshot, marketplaceId: string, prepared: Omit<EbayPrepared, 'setup'>) {
  const problems = listingProblems(snapshot, marketplaceId, prepared.mediaIsPublic);
  if (prepared.aspects && !problems.some((p) => p.field === 'categoryId')) {
    problems.push(...aspectsOf(snapshot, prepared.aspects).problems);
  }
  return problems;
}

function itemAspects(snapshot: ListingSnapshot, prepared: EbayPrepared): Record<string, string[]> {
  return aspectsOf(snapshot, prepared.aspects ?? []).aspects;
}

function findOffer(sku: string, marketplaceId: string): EbayCall {
  return { api: 'inventory', method: 'GET', path: '/offer', query: { sku, marketplace_id: marketplaceId } };
}

function dispatch(step: EbayStep, call: EbayCall): Decision {
  return { kind: 'dispatch', step, call };
}

interface OfferFound {
  offerId?: string;
  marketplaceId?: string;
  format?: string;
  status?: string;
  listing?: { listingId?: string };
}

function pickOffer(body: Record<string, unknown> | undefined, marketplaceId: string): OfferFound | undefined {
  const offers = (body?.offers as OfferFound[] | undefined) ?? [];
  return (
    offers.find((o) => o.marketplaceId === marketplaceId && (o.format ?? 'FIXED_PRICE') === 'FIXED_PRICE') ?? offers[0]
  );
}
