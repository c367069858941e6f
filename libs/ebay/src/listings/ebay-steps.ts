import type { ListingSnapshot } from '@stoflow/catalog';
import type { ListedItem, StepDecision, StepInputs, StepOutcome } from '@stoflow/publishing';
import type { EbayError } from '../api/ebay-api';
import { ebayMarketplace, listingUrl, skuOf } from '../api/ebay-marketplaces';
import type { AspectConstraint } from '../taxonomy/ebay-taxonomy';
import { aspectsOf, inventoryItemBody, listingProblems, offerBody, SellerSetup } from './ebay-listing';
import { DAILY_REVISIONS, EbayListing } from './ebay-listings.repository';
import type { EbaySequence, SequenceResult } from './ebay-sequence';

/**
 * A job's progress on eBay, recorded once its sequence went through (ebay-sequence.ts). The SKU is the
 * idempotency key: every sequence begins by asking eBay what it holds for it, so a sequence sent again (after a
 * failure, a lost answer or a restart) goes on from what eBay has, and never makes a second offer or listing.
 */
export interface EbayJobState {
  basedOn?: number;
  sku?: string;
  marketplaceId?: string;
  offerId?: string | null;
  listingId?: string | null;
  done?: boolean;
  warnings?: EbayError[];
}

/** What the steps read from outside the tenant's tables, before the job's transaction. */
export interface EbayPrepared {
  setup: SellerSetup | null;
  /** The category's aspects; null when Taxonomy could not be read (eBay then checks them on publish). */
  aspects: AspectConstraint[] | null;
  mediaIsPublic: boolean;
  /** The eBay category the seller chose for the product, if any. */
  chosenCategoryId: string | null;
}

export type ListedEbayItem = ListedItem & EbayListing & { revisionsToday: number };

type Inputs = StepInputs<EbayJobState, EbayPrepared>;
type Decision = StepDecision<EbayJobState>;

/** One step per job: the sequence of its action. */
const STEP_OF = { publish: 'publish', update: 'revise', delete: 'withdraw' } as const;

export function plan(inputs: Inputs): { state: EbayJobState; total: number } | Extract<Decision, { kind: 'fail' }> {
  const { job, prepared, snapshot } = inputs;
  const listing = inputs.listing as ListedEbayItem | undefined;
  const basedOn = snapshot?.product.version ?? listing?.productVersion ?? 0;
  if (job.action === 'delete') {
    if (!listing) return { state: { basedOn, done: true }, total: 0 };
    return { state: { basedOn, sku: listing.sku, marketplaceId: listing.marketplaceId }, total: 1 };
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
  return { state: { basedOn, sku: listing?.sku ?? skuOf(job.productId, marketplaceId), marketplaceId }, total: 1 };
}

export function next(inputs: Inputs): Decision {
  const { job, state } = inputs;
  if (state.done) return { kind: 'complete' };
  const language = ebayMarketplace(state.marketplaceId!).language;
  const base = { sku: state.sku!, marketplaceId: state.marketplaceId!, language };
  if (job.action === 'delete') return dispatch('withdraw', { kind: 'withdraw', ...base });
  const snapshot = inputs.snapshot;
  if (!snapshot) return { kind: 'fail', code: 'NOT_FOUND', message: 'The product is gone' };
  const setup = { ...inputs.prepared.setup!, marketplaceId: state.marketplaceId! };
  return dispatch(STEP_OF[job.action], {
    kind: job.action === 'publish' ? 'publish' : 'revise',
    ...base,
    item: inventoryItemBody(snapshot, aspectsOf(snapshot, inputs.prepared.aspects ?? []).aspects),
    offer: offerBody(snapshot, state.sku!, setup, inputs.prepared.chosenCategoryId),
  });
}

export function fold(
  step: string,
  outcome: Extract<StepOutcome, { kind: 'ok' | 'not-found' }>,
  state: EbayJobState,
): EbayJobState | undefined {
  // Nothing on eBay: a withdrawal is done; a revision has nothing left to revise (the job fails, ITEM_GONE).
  if (outcome.kind === 'not-found') return step === 'withdraw' ? { ...state, done: true } : undefined;
  const result = outcome.body as SequenceResult | undefined;
  if (!result) return undefined;
  if (step === 'publish' && !result.listingId) return undefined;
  return {
    ...state,
    offerId: result.offerId,
    listingId: result.listingId ?? state.listingId ?? null,
    warnings: result.warnings,
    done: true,
  };
}

/** A sequence begins with a lookup: sending it again after an unknown outcome is the reconciliation. */
export function afterUnknown(): EbayJobState | undefined {
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
  const problems = listingProblems(snapshot, marketplaceId, prepared.mediaIsPublic, prepared.chosenCategoryId);
  if (prepared.aspects && !problems.some((p) => p.field === 'categoryId')) {
    problems.push(...aspectsOf(snapshot, prepared.aspects).problems);
  }
  return problems;
}

function dispatch(step: string, call: EbaySequence): Decision {
  return { kind: 'dispatch', step, call };
}
