import type { EbayCall, EbayError } from '../api/ebay-api';
import { ebayErrors } from '../api/ebay-api';

/**
 * What one eBay job sends, as one call of the publishing layer: the whole sequence of eBay requests for a publish,
 * a revision or a withdrawal, decided from the product and sent by the worker in one go. Each sequence begins by
 * asking eBay what it holds for the SKU (the SKU is the idempotency key), so sending it again after a failure or a
 * lost answer goes on from what eBay has: a product never gets two offers or two listings.
 */
export interface EbaySequence {
  kind: 'publish' | 'revise' | 'withdraw';
  sku: string;
  marketplaceId: string;
  language: string;
  /** `PUT inventory_item/{sku}` body (publish, revise). */
  item?: unknown;
  /** `POST /offer` and `PUT /offer/{id}` body (publish, revise). */
  offer?: unknown;
}

/** What the sequence leaves on eBay. */
export interface SequenceResult {
  offerId: string | null;
  listingId: string | null;
  withdrawn?: boolean;
  warnings: EbayError[];
}

/** One request of a sequence, as a job's calls show it. */
export type { TrailEntry } from '@stoflow/publishing';

/** Sends one request; throws the OutboundFailure of anything but a 2xx, tagged with the request's step. */
export type Send = (step: string, call: EbayCall) => Promise<{ status: number; body: unknown }>;

/** A step's failure, with the step it happened at (the outcome depends on it). */
export class SequenceFailure extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The listing is no longer on eBay (a revision has nothing to revise). */
export class NothingOnEbay extends Error {}

const OFFER_EXISTS = 25002;

export async function runSequence(seq: EbaySequence, send: Send): Promise<SequenceResult> {
  const warnings: EbayError[] = [];
  const step = async (name: string, call: EbayCall) => {
    try {
      const answer = await send(name, call);
      warnings.push(...warningsOf(answer.body));
      return answer;
    } catch (error) {
      throw new SequenceFailure(name, error);
    }
  };
  const inventory = (call: Omit<EbayCall, 'api'>): EbayCall => ({ api: 'inventory', ...call });
  const sku = encodeURIComponent(seq.sku);

  if (seq.kind !== 'withdraw') {
    await step(
      'put-item',
      inventory({ method: 'PUT', path: `/inventory_item/${sku}`, json: seq.item, contentLanguage: seq.language }),
    );
  }
  const found = await lookUp(seq, step);

  if (seq.kind === 'withdraw') {
    // An offer never published, or whose listing already ended (sold out there: its own sale, or one raced by
    // another marketplace's), has nothing left to sell: it is left as eBay keeps it.
    if (!found?.offerId || found.status !== 'PUBLISHED' || ENDED_LISTING.has(found.listing?.listingStatus ?? ''))
      return {
        offerId: found?.offerId ?? null,
        listingId: found?.listing?.listingId ?? null,
        withdrawn: true,
        warnings,
      };
    try {
      await step(
        'withdraw-offer',
        inventory({ method: 'POST', path: `/offer/${encodeURIComponent(found.offerId)}/withdraw` }),
      );
    } catch (error) {
      // Already ended, or gone: what a withdrawal wants.
      if (!isGone(error)) throw error;
    }
    return { offerId: found.offerId, listingId: found.listing?.listingId ?? null, withdrawn: true, warnings };
  }

  let offerId = found?.offerId;
  if (!offerId && seq.kind === 'revise') throw new NothingOnEbay('The listing is no longer on eBay');
  if (!offerId) {
    try {
      const created = await step(
        'create-offer',
        inventory({ method: 'POST', path: '/offer', json: seq.offer, contentLanguage: seq.language }),
      );
      offerId = (created.body as { offerId?: string } | undefined)?.offerId;
    } catch (error) {
      // A create that eBay already applied (its answer was lost, and eBay's lookup had not caught up yet): eBay
      // names the offer it has, which is the one wanted; it is brought up to date like any found offer.
      const existing = offerNamedIn(error);
      if (!existing) throw error;
      offerId = existing;
      await updateOffer(offerId);
    }
    if (!offerId) throw new SequenceFailure('create-offer', new Error('eBay created an offer without an id'));
  } else {
    await updateOffer(offerId);
  }
  if (seq.kind === 'revise' || (found?.status === 'PUBLISHED' && found.listing?.listingId)) {
    return { offerId, listingId: found?.listing?.listingId ?? null, warnings };
  }
  const published = await step(
    'publish-offer',
    inventory({ method: 'POST', path: `/offer/${encodeURIComponent(offerId)}/publish` }),
  );
  const listingId = (published.body as { listingId?: string } | undefined)?.listingId ?? null;
  if (!listingId)
    throw new SequenceFailure('publish-offer', new Error('eBay published the offer without a listing id'));
  return { offerId, listingId, warnings };

  async function updateOffer(id: string): Promise<void> {
    await step(
      'update-offer',
      inventory({
        method: 'PUT',
        path: `/offer/${encodeURIComponent(id)}`,
        json: seq.offer,
        contentLanguage: seq.language,
      }),
    );
  }
}

interface OfferFound {
  offerId?: string;
  marketplaceId?: string;
  format?: string;
  status?: string;
  listing?: { listingId?: string; listingStatus?: string };
}

/** eBay's ListingStatusEnum values of a listing on which nothing more can sell. */
const ENDED_LISTING = new Set(['ENDED', 'OUT_OF_STOCK', 'INACTIVE']);

/** `getOffers?sku=`: eBay answers 404 (25713) when the SKU has no offer. */
async function lookUp(
  seq: EbaySequence,
  step: (name: string, call: EbayCall) => Promise<{ status: number; body: unknown }>,
): Promise<OfferFound | undefined> {
  try {
    const { body } = await step('find-offer', {
      api: 'inventory',
      method: 'GET',
      path: '/offer',
      query: { sku: seq.sku, marketplace_id: seq.marketplaceId },
    });
    const offers = ((body as { offers?: OfferFound[] } | undefined)?.offers ?? []).filter(
      (o) => (o.marketplaceId ?? seq.marketplaceId) === seq.marketplaceId,
    );
    return offers.find((o) => (o.format ?? 'FIXED_PRICE') === 'FIXED_PRICE') ?? offers[0];
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

function isGone(error: unknown): boolean {
  const cause = error instanceof SequenceFailure ? error.cause : error;
  const status = (cause as { status?: number })?.status;
  const body = (cause as { body?: unknown })?.body;
  return status === 404 || ebayErrors(body).some((e) => e.errorId === 25713);
}

function offerNamedIn(error: unknown): string | undefined {
  const cause = error instanceof SequenceFailure ? error.cause : error;
  const errors = ebayErrors((cause as { body?: unknown })?.body);
  if (!errors.some((e) => e.errorId === OFFER_EXISTS)) return undefined;
  for (const e of errors) {
    const value = e.parameters?.find((p) => p.name === 'offerId')?.value;
    if (value) return value;
  }
  return undefined;
}

function warningsOf(body: unknown): EbayError[] {
  const warnings = (body as { warnings?: unknown })?.warnings;
  return Array.isArray(warnings) ? (warnings as EbayError[]) : [];
}
