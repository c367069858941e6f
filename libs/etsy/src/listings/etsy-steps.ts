import type { ListingSnapshot } from '@stoflow/catalog';
import type { ErrorDetail } from '@stoflow/core';
import type { ListedItem, StepDecision, StepInputs, StepOutcome } from '@stoflow/publishing';
import type { EtsyListing } from './etsy-listings.repository';
import type { EtsySequence, EtsySequenceResult } from './etsy-sequence';

/** Etsy takes second-hand goods only as vintage: made at least 20 years ago (these `when_made` buckets, in 2026). */
export const VINTAGE = [
  'before_2006',
  '2000_2005',
  '1990s',
  '1980s',
  '1970s',
  '1960s',
  '1950s',
  '1940s',
  '1930s',
  '1920s',
  '1910s',
  '1900s',
  '1800s',
  '1700s',
  'before_1700',
];
export const TITLE_MAX = 140;
export const PHOTOS_MAX = 10;

export interface EtsySetup {
  shopId: number;
  currency: string | null;
  shippingProfileId: number;
  returnPolicyId: number | null;
  readinessStateId: number;
}

export interface EtsyJobState {
  basedOn?: number;
  sku?: string;
  since?: number;
  listingId?: number | null;
  url?: string | null;
  done?: boolean;
  /** The product's image ids the sequence sends (recorded on the listing when it is done). */
  photoIds?: string[];
}

export type ListedEtsyItem = ListedItem & EtsyListing;
type Inputs = StepInputs<EtsyJobState, EtsySetup | null>;
type Decision = StepDecision<EtsyJobState>;

/** One SKU per product on Etsy (its uuid's 32 hex digits: Etsy's SKUs hold 32 characters). */
export function etsySku(productId: string): string {
  return productId.replace(/-/g, '').toUpperCase();
}

export function etsyProblems(snapshot: ListingSnapshot, shopCurrency: string | null): ErrorDetail[] {
  const { product, attributes } = snapshot;
  const problems: ErrorDetail[] = [];
  const category = attributes.category as Record<string, unknown> | null;
  if (!category?.etsyTaxonomyId) {
    problems.push({ field: 'categoryId', issue: 'this category has no Etsy equivalent: choose another one' });
  }
  if (!product.whenMade) {
    problems.push({
      field: 'whenMade',
      issue: 'Etsy takes second-hand items only as vintage: say when the item was made',
    });
  } else if (!VINTAGE.includes(product.whenMade)) {
    problems.push({
      field: 'whenMade',
      issue: `Etsy takes second-hand items only as vintage (made at least 20 years ago); ${product.whenMade} is too recent`,
    });
  }
  if (product.images.length === 0) problems.push({ field: 'images', issue: 'Etsy needs at least one photo' });
  else if (!product.images.every((i) => /^https?:\/\//.test(i.url))) {
    problems.push({ field: 'images', issue: 'the photos cannot be sent: the operator must set MEDIA_PUBLIC_BASE_URL' });
  }
  if (shopCurrency && product.currency !== shopCurrency) {
    problems.push({
      field: 'currency',
      issue: `your Etsy shop sells in ${shopCurrency}, this product is priced in ${product.currency} (StoFlow never converts prices)`,
    });
  }
  const title = product.title;
  if ([...title].length > TITLE_MAX)
    problems.push({ field: 'title', issue: `Etsy titles have at most ${TITLE_MAX} characters` });
  for (const sign of ['%', ':', '&', '+']) {
    if (title.split(sign).length > 2)
      problems.push({ field: 'title', issue: `Etsy allows "${sign}" at most once in a title` });
  }
  if (!product.description.trim()) problems.push({ field: 'description', issue: 'Etsy needs a description' });
  return problems;
}

export function plan(inputs: Inputs): { state: EtsyJobState; total: number } | Extract<Decision, { kind: 'fail' }> {
  const { job, snapshot } = inputs;
  const listing = inputs.listing as ListedEtsyItem | undefined;
  const basedOn = snapshot?.product.version ?? listing?.productVersion ?? 0;
  if (job.action === 'delete') {
    if (!listing) return { state: { basedOn, done: true }, total: 0 };
    return { state: { basedOn, sku: listing.sku, listingId: listing.listingId }, total: 1 };
  }
  if (!inputs.prepared) {
    return {
      kind: 'fail',
      code: 'MARKETPLACE_NOT_SET_UP',
      message: 'Choose your Etsy shipping and processing profiles first (PUT /api/etsy/settings)',
    };
  }
  return {
    state: {
      basedOn,
      sku: etsySku(job.productId),
      since: Math.floor(Date.now() / 1000),
      listingId: listing?.listingId ?? null,
    },
    total: 1,
  };
}

export function next(inputs: Inputs): Decision {
  const { job, state } = inputs;
  if (state.done) return { kind: 'complete' };
  if (job.action === 'delete') {
    // Without a connection the request cannot go: sending it meets "not connected", and the job waits.
    const shopId = inputs.prepared?.shopId ?? 0;
    return dispatch('withdraw', {
      kind: 'withdraw',
      shopId,
      sku: state.sku!,
      listingId: state.listingId ?? null,
      since: 0,
    });
  }
  const snapshot = inputs.snapshot;
  const setup = inputs.prepared;
  if (!snapshot || !setup) return { kind: 'fail', code: 'NOT_FOUND', message: 'The product is gone' };
  const { product, attributes } = snapshot;
  const price = Number(product.price);
  const images = product.images
    .slice()
    .sort((a, b) => a.position - b.position)
    .slice(0, PHOTOS_MAX);
  const photoIds = images.map((i) => i.id);
  const listed = inputs.listing as ListedEtsyItem | undefined;
  const photosChanged = job.action === 'update' && JSON.stringify(listed?.photos ?? []) !== JSON.stringify(photoIds);
  return dispatch(
    job.action === 'publish' ? 'publish' : 'revise',
    {
      kind: job.action === 'publish' ? 'publish' : 'revise',
      shopId: setup.shopId,
      sku: state.sku!,
      listingId: state.listingId ?? null,
      since: state.since ?? 0,
      title: product.title,
      description: product.description,
      price,
      quantity: product.stockQuantity,
      readinessStateId: setup.readinessStateId,
      photos: images.map((i) => i.url),
      photosChanged,
      draft: {
        quantity: product.stockQuantity,
        title: product.title,
        description: product.description,
        price,
        who_made: 'someone_else',
        when_made: product.whenMade ?? '',
        is_supply: false,
        taxonomy_id: Number((attributes.category as Record<string, unknown> | null)?.etsyTaxonomyId ?? 0),
        shipping_profile_id: setup.shippingProfileId,
        readiness_state_id: setup.readinessStateId,
        type: 'physical',
        ...(setup.returnPolicyId ? { return_policy_id: setup.returnPolicyId } : {}),
      },
    },
    { photoIds },
  );
}

export function fold(
  step: string,
  outcome: Extract<StepOutcome, { kind: 'ok' | 'not-found' }>,
  state: EtsyJobState,
): EtsyJobState | undefined {
  if (outcome.kind === 'not-found') return step === 'withdraw' ? { ...state, done: true } : undefined;
  const result = outcome.body as EtsySequenceResult | undefined;
  if (!result || (step === 'publish' && !result.listingId)) return undefined;
  return {
    ...state,
    listingId: result.listingId ?? state.listingId ?? null,
    url: result.url ?? state.url ?? null,
    done: true,
  };
}

export function completedListing(
  action: string,
  productId: string,
  state: EtsyJobState,
  before: EtsyListing | undefined,
): EtsyListing | undefined {
  if (action === 'delete') return before && { ...before, status: 'withdrawn' };
  return {
    productId,
    sku: state.sku!,
    listingId: state.listingId ?? before?.listingId ?? null,
    url: state.url ?? before?.url ?? null,
    status: 'published',
    productVersion: state.basedOn ?? 0,
    photos: state.photoIds ?? before?.photos ?? [],
  };
}

function dispatch(step: string, call: EtsySequence, remember?: Partial<EtsyJobState>): Decision {
  return { kind: 'dispatch', step, call, ...(remember ? { remember } : {}) };
}
