import type { ListingSnapshot } from '@stoflow/catalog';
import type { ErrorDetail } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { mapToVintedItem, missingForVinted } from '../../listings/vinted-item.mapper';
import type { VintedCall, VintedWardrobeItem, VintedWebClient } from '../../vinted-web/vinted-web.client';
import type { JobAction } from '@stoflow/publishing';
import type { VintedListing } from '../vinted-listings.repository';
import type { VintedJobState as JobState } from '../vinted-job-state';

/** What a job does next, decided from its recorded state alone (so a restart decides the same). */
export type Decision =
  | { kind: 'dispatch'; step: string; call: VintedCall; remember?: Partial<JobState> }
  | { kind: 'complete' }
  | { kind: 'fail'; code: string; message: string; details?: ErrorDetail[] };

/** Everything a decision may read; `snapshot` is undefined when the product is gone. */
export interface StepInputs {
  action: JobAction;
  state: JobState;
  snapshot: ListingSnapshot | undefined;
  listing: VintedListing | undefined;
  vintedUserId: string | null;
  /** Wardrobe pages read, 50 items each, when looking for an item whose creation answer was lost. */
  reconcilePages: number;
  /** Create calls allowed in all (the first plus retries after reconciliation found nothing). */
  maxCreates: number;
}

const WARDROBE_PAGE_SIZE = 50;
/** Wardrobe pages read when looking for an item whose creation answer was lost. */
export const RECONCILE_PAGES = 3;

export const STEP = {
  uploadPhoto: (index: number) => `upload-photo:${index}`,
  createItem: 'create-item',
  reconcileCreate: 'reconcile-create',
  editItem: 'edit-item',
  deleteItem: 'delete-item',
} as const;

/**
 * The saga's steps per action:
 * - publish: upload each photo → create the item → record the listing;
 * - update: upload the photos the item does not show yet → edit the item (photos added/removed by the list);
 * - delete: remove the item (a 404 means it is already gone).
 * `plan` fixes the job's data on its first run; `next` names the first step not done yet.
 */
export class JobSteps {
  constructor(private readonly web: VintedWebClient) {}

  /** First run of a job: what it will do, or why it cannot. Answers the state and the number of steps. */
  plan(inputs: StepInputs): { state: JobState; total: number } | Extract<Decision, { kind: 'fail' }> {
    const { action, snapshot, listing } = inputs;
    if (action === 'delete') {
      // Nothing listed: nothing to withdraw (the job completes without a call).
      return listing ? { state: { itemId: listing.itemId }, total: 1 } : { state: {}, total: 0 };
    }
    // The publish it followed did not list the product (failed, cancelled): there is nothing to edit.
    if (action === 'update' && !listing) return { state: { done: true }, total: 0 };
    if (!snapshot) return { kind: 'fail', code: 'NOT_FOUND', message: 'The product no longer exists' };
    const refusal = unpublishable(snapshot);
    if (refusal) return refusal;
    if (action === 'publish' && listing) {
      return { kind: 'fail', code: 'CONFLICT', message: 'This product is already listed on Vinted' };
    }
    const known = new Map((listing?.photos ?? []).map((p) => [p.imageId, p.photoId]));
    const photos = snapshot.product.images.map((image) => ({
      imageId: image.id,
      url: image.url,
      photoId: known.get(image.id) ?? null,
    }));
    const state: JobState = {
      basedOn: snapshot.product.version,
      tempUuid: randomUUID(),
      uploadSessionId: randomUUID(),
      photos,
      ...(listing ? { itemId: listing.itemId, itemUrl: listing.url } : {}),
    };
    return { state, total: photos.filter((p) => p.photoId === null).length + 1 };
  }

  next(inputs: StepInputs): Decision {
    const { action, state } = inputs;
    if (action === 'delete') {
      if (!state.itemId || state.done) return { kind: 'complete' };
      return { kind: 'dispatch', step: STEP.deleteItem, call: this.web.deleteItem(state.itemId) };
    }
    if (state.done) return { kind: 'complete' };
    const photos = state.photos ?? [];
    const missing = photos.findIndex((p) => p.photoId === null);
    if (missing >= 0) {
      const photo = photos[missing];
      const call = this.web.uploadPhoto({
        tempUuid: state.tempUuid!,
        imageUrl: photo.url,
        filename: `${missing + 1}.jpg`,
      });
      return { kind: 'dispatch', step: STEP.uploadPhoto(missing), call };
    }
    const { snapshot } = inputs;
    if (!snapshot) return { kind: 'fail', code: 'NOT_FOUND', message: 'The product no longer exists' };
    const refusal = unpublishable(snapshot);
    if (refusal) return refusal;
    if (action === 'publish' && state.reconcile && !state.reconcile.exhausted) {
      if (!inputs.vintedUserId) {
        return {
          kind: 'fail',
          code: 'VINTED_OUTCOME_UNKNOWN',
          message:
            'Vinted did not confirm whether the item was created, and the extension has not said which Vinted ' +
            'account it uses: check your Vinted wardrobe, then retry',
        };
      }
      const call = this.web.wardrobePage(inputs.vintedUserId, state.reconcile.page, WARDROBE_PAGE_SIZE);
      return { kind: 'dispatch', step: STEP.reconcileCreate, call };
    }
    const photoIds = photos.map((p) => p.photoId!);
    const item = mapToVintedItem(snapshot, {
      photoIds,
      tempUuid: state.tempUuid!,
      itemId: action === 'update' ? state.itemId : null,
    });
    if (action === 'publish') {
      const creates = (state.creates ?? 0) + 1;
      if (creates > inputs.maxCreates) {
        return {
          kind: 'fail',
          code: 'VINTED_UNAVAILABLE',
          message: 'Vinted did not confirm the creation of this item after several tries; check your wardrobe',
        };
      }
      const call = this.web.createItem(item, state.uploadSessionId!);
      return {
        kind: 'dispatch',
        step: STEP.createItem,
        call,
        remember: { title: item.title, creates, reconcile: undefined },
      };
    }
    return {
      kind: 'dispatch',
      step: STEP.editItem,
      call: this.web.editItem(state.itemId!, item, state.uploadSessionId!),
    };
  }

  /** Folds a step's successful answer into the state. */
  applied(step: string, body: unknown, inputs: StepInputs): JobState {
    const state: JobState = structuredClone(inputs.state);
    if (step.startsWith('upload-photo:')) {
      const index = Number(step.slice('upload-photo:'.length));
      state.photos![index].photoId = this.web.readPhoto(body).photoId;
    } else if (step === STEP.createItem || step === STEP.editItem) {
      const { itemId, url } = this.web.readItem(body);
      state.itemId = itemId;
      state.itemUrl = url ?? state.itemUrl ?? null;
      state.done = true;
    } else if (step === STEP.deleteItem) {
      state.done = true;
    } else if (step === STEP.reconcileCreate) {
      const page = this.web.readWardrobe(body);
      const found = createdByThisJob(page.items, state);
      if (found) {
        state.itemId = found.id;
        state.itemUrl = found.url;
        state.done = true;
        delete state.reconcile;
      } else if (
        page.pagination.currentPage < page.pagination.totalPages &&
        state.reconcile!.page < inputs.reconcilePages
      ) {
        state.reconcile = { page: state.reconcile!.page + 1, exhausted: false };
      } else {
        state.reconcile = { page: state.reconcile!.page, exhausted: true };
      }
    }
    return state;
  }
}

/**
 * The item a create whose answer was lost made, among a wardrobe page of this account. A Vinted photo belongs to
 * one item, and this job uploaded its own: an item showing one of them is the one. Only an item whose photos the
 * page does not show is matched by its exact title; an item with other photos is someone else's, even with the
 * same title (a reseller often lists twins).
 */
function createdByThisJob(items: VintedWardrobeItem[], state: JobState): VintedWardrobeItem | undefined {
  const ours = new Set((state.photos ?? []).flatMap((p) => (p.photoId === null ? [] : [p.photoId])));
  return (
    items.find((item) => item.photoIds.some((id) => ours.has(id))) ??
    items.find((item) => item.photoIds.length === 0 && item.title === state.title)
  );
}

/** The catalog's rules (stock, status) and Vinted's needs, checked before every call that lists the product. */
function unpublishable(snapshot: ListingSnapshot): Extract<Decision, { kind: 'fail' }> | undefined {
  const { product } = snapshot;
  if (product.stockQuantity === 0) {
    return { kind: 'fail', code: 'PRODUCT_OUT_OF_STOCK', message: 'A product with no stock cannot be published' };
  }
  if (product.status === 'sold' || product.status === 'archived') {
    return {
      kind: 'fail',
      code: 'PRODUCT_NOT_PUBLISHABLE',
      message: `A ${product.status} product cannot be published`,
    };
  }
  const issues = missingForVinted(snapshot);
  if (issues.length > 0) {
    return {
      kind: 'fail',
      code: 'PRODUCT_INCOMPLETE_FOR_MARKETPLACE',
      message: `Vinted needs more: ${issues.map((i) => i.issue).join('; ')}`,
      details: issues,
    };
  }
  return undefined;
}
