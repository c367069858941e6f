import type { EtsyCall } from '../api/etsy-api';

/**
 * One Etsy job's requests, sent by the worker in one go. Etsy has no idempotency keys and a draft's creation is
 * not idempotent: a sequence sent again (`attempt` > 1) first looks for what an earlier attempt made — the listing
 * by its id when known, else a draft or live listing of the same title and price created since the job began — and
 * a listing is read back before it is activated, so it is never activated (and billed) twice.
 */
export interface EtsySequence {
  kind: 'publish' | 'revise' | 'withdraw';
  shopId: number;
  sku: string;
  listingId: number | null;
  /** Unix seconds when the job began: a draft created since then with the same title and price is this job's. */
  since: number;
  draft?: Record<string, string | number | boolean>;
  title?: string;
  description?: string;
  price?: number;
  quantity?: number;
  readinessStateId?: number;
  /** Photo URLs in order (rank 1 first), at most 10. */
  photos?: string[];
  /** A revision sends the photos again only when they changed since the listing was made or last revised. */
  photosChanged?: boolean;
}

export interface EtsySequenceResult {
  listingId: number | null;
  url: string | null;
  withdrawn?: boolean;
}

export type { TrailEntry } from '@stoflow/publishing';

export type Send = (step: string, call: EtsyCall) => Promise<{ status: number; body: unknown }>;
export type Fetch = (url: string) => Promise<Buffer>;

export class SequenceFailure extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export class NothingOnEtsy extends Error {}

/** Listing states in which nothing more can sell: a withdrawal has nothing to do. */
const ENDED_STATES = new Set(['sold_out', 'inactive', 'expired']);

interface ListingFound {
  listing_id: number;
  state: string;
  title: string;
  price: { amount: number; divisor: number };
  created_timestamp: number;
  url?: string;
}

export async function runSequence(
  seq: EtsySequence,
  attempt: number,
  send: Send,
  photo: Fetch,
): Promise<EtsySequenceResult> {
  const step = async (name: string, call: EtsyCall) => {
    try {
      return await send(name, call);
    } catch (error) {
      throw new SequenceFailure(name, error);
    }
  };
  const shop = `/shops/${seq.shopId}`;

  if (seq.kind === 'withdraw') {
    if (!seq.listingId) return { listingId: null, url: null, withdrawn: true };
    // Read first: a listing that already sold out there (its own sale, or one raced by another marketplace's) or
    // that is no longer live is left as Etsy keeps it; only a live listing is sent the withdrawal.
    const now = await read(seq.listingId);
    if (!now || ENDED_STATES.has(now.state)) return { listingId: seq.listingId, url: null, withdrawn: true };
    try {
      // Etsy refuses a quantity of 0: a unique item leaves the shop by going inactive (history kept).
      await step('deactivate', {
        method: 'PATCH',
        path: `${shop}/listings/${seq.listingId}`,
        form: { state: 'inactive' },
      });
    } catch (error) {
      if (!isGone(error)) throw error;
    }
    return { listingId: seq.listingId, url: null, withdrawn: true };
  }

  let listing = seq.listingId ? await read(seq.listingId) : undefined;
  if (!listing && seq.kind === 'revise') throw new NothingOnEtsy('The listing is no longer on Etsy');
  if (!listing && attempt > 1) listing = await findOwn();
  if (!listing) {
    const created = await step('create-draft', { method: 'POST', path: `${shop}/listings`, form: seq.draft });
    listing = created.body as ListingFound;
  } else if (seq.kind === 'revise') {
    await step('update-listing', {
      method: 'PATCH',
      path: `${shop}/listings/${listing.listing_id}`,
      form: { title: seq.title!, description: seq.description! },
    });
  }
  const id = listing.listing_id;
  // Photos go by rank with `overwrite`: sent again, each replaces the one at its place rather than adding one.
  if (seq.kind === 'publish' || seq.photosChanged) {
    for (const [i, url] of (seq.photos ?? []).entries()) {
      const bytes = await photo(url).catch((error: unknown) => {
        throw new SequenceFailure('read-photo', error);
      });
      await step('upload-image', {
        method: 'POST',
        path: `${shop}/listings/${id}/images`,
        image: { bytes, filename: `photo-${i + 1}.jpg`, fields: { rank: String(i + 1), overwrite: 'true' } },
      });
    }
    // A product with fewer photos than before: the ranks past its last photo leave the listing.
    if (seq.kind === 'revise') await trimPhotos(id, seq.photos?.length ?? 0);
  }
  await step('put-inventory', {
    method: 'PUT',
    path: `/listings/${id}/inventory`,
    json: {
      products: [
        {
          sku: seq.sku,
          property_values: [],
          offerings: [
            { price: seq.price, quantity: seq.quantity, is_enabled: true, readiness_state_id: seq.readinessStateId },
          ],
        },
      ],
      price_on_property: [],
      quantity_on_property: [],
      sku_on_property: [],
    },
  });
  if (seq.kind === 'publish') {
    // Read back first: activating bills the seller, so an active listing is never activated again.
    const now = (await read(id)) ?? listing;
    if (now.state !== 'active') {
      await step('activate', { method: 'PATCH', path: `${shop}/listings/${id}`, form: { state: 'active' } });
    }
  }
  return { listingId: id, url: listing.url ?? `https://www.etsy.com/listing/${id}` };

  async function read(listingId: number): Promise<ListingFound | undefined> {
    try {
      return (await step('read-listing', { method: 'GET', path: `/listings/${listingId}` })).body as ListingFound;
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  async function trimPhotos(listingId: number, keep: number): Promise<void> {
    const { body } = await step('read-images', { method: 'GET', path: `/listings/${listingId}/images` });
    const extra = ((body as { results?: { listing_image_id: number; rank: number }[] })?.results ?? []).filter(
      (image) => image.rank > keep,
    );
    for (const image of extra) {
      try {
        await step('delete-image', {
          method: 'DELETE',
          path: `${shop}/listings/${listingId}/images/${image.listing_image_id}`,
        });
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    }
  }

  /** What an earlier attempt may have made: a draft or live listing of this title and price, made since the job began. */
  async function findOwn(): Promise<ListingFound | undefined> {
    for (const state of ['draft', 'active']) {
      const { body } = await step('find-listing', {
        method: 'GET',
        path: `${shop}/listings`,
        query: { state, limit: 100, sort_on: 'created', sort_order: 'desc' },
      });
      const found = ((body as { results?: ListingFound[] })?.results ?? []).find(
        (l) =>
          l.title === seq.title &&
          Math.abs(l.price.amount / l.price.divisor - (seq.price ?? 0)) < 0.005 &&
          l.created_timestamp >= seq.since - 5,
      );
      if (found) return found;
    }
    return undefined;
  }
}

function isGone(error: unknown): boolean {
  const cause = error instanceof SequenceFailure ? error.cause : error;
  return (cause as { status?: number })?.status === 404;
}
