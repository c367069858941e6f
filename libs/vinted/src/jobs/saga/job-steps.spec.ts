import { snapshot } from '../../listings/listing-snapshot.fixture';
import { VintedWebClient } from '../../vinted-web/vinted-web.client';
import type { VintedListing } from '../vinted-listings.repository';
import type { VintedJobState as JobState } from '../vinted-job-state';
import { JobSteps, StepInputs } from './job-steps';

const steps = new JobSteps(new VintedWebClient());
const LISTING: VintedListing = {
  productId: 'p',
  itemId: '777',
  url: 'https://www.vinted.fr/items/777',
  photos: [{ imageId: 'img-1', photoId: 501 }],
  status: 'published',
  productVersion: 3,
};

function inputs(over: Partial<StepInputs> = {}): StepInputs {
  return {
    action: 'publish',
    state: {},
    snapshot: snapshot(),
    listing: undefined,
    vintedUserId: '42',
    reconcilePages: 2,
    maxCreates: 3,
    ...over,
  };
}

function planned(over: Partial<StepInputs> = {}): JobState {
  const plan = steps.plan(inputs(over));
  if ('kind' in plan) throw new Error(plan.message);
  return plan.state;
}

describe('JobSteps', () => {
  it('plans a publish: every photo to upload, then the item', () => {
    const plan = steps.plan(inputs());
    expect(plan).toMatchObject({
      total: 3,
      state: { photos: [{ imageId: 'img-1', photoId: null }, { photoId: null }] },
    });
  });

  it('refuses to plan what cannot be listed, with the reason', () => {
    expect(steps.plan(inputs({ snapshot: snapshot({}, { stockQuantity: 0 }) }))).toMatchObject({
      kind: 'fail',
      code: 'PRODUCT_OUT_OF_STOCK',
    });
    expect(steps.plan(inputs({ snapshot: snapshot({ brand: null }) }))).toMatchObject({
      kind: 'fail',
      code: 'PRODUCT_INCOMPLETE_FOR_MARKETPLACE',
      details: [{ field: 'brandId' }],
    });
    expect(steps.plan(inputs({ listing: LISTING }))).toMatchObject({ kind: 'fail', code: 'CONFLICT' });
    expect(steps.plan(inputs({ snapshot: undefined }))).toMatchObject({ kind: 'fail', code: 'NOT_FOUND' });
    // An edit of a product whose publish did not go through has nothing to do.
    expect(steps.plan(inputs({ action: 'update' }))).toEqual({ state: { done: true }, total: 0 });
    expect(steps.next(inputs({ action: 'update', state: { done: true } }))).toEqual({ kind: 'complete' });
  });

  it('uploads the photos in order, then creates the item with their ids', () => {
    let state = planned();
    let next = steps.next(inputs({ state }));
    expect(next).toMatchObject({
      kind: 'dispatch',
      step: 'upload-photo:0',
      call: { method: 'POST', url: '/api/v2/photos' },
    });
    state = steps.applied('upload-photo:0', { id: 9001 }, inputs({ state }));
    state = steps.applied('upload-photo:1', { id: 9002 }, inputs({ state }));
    next = steps.next(inputs({ state }));
    if (next.kind !== 'dispatch') throw new Error(next.kind);
    expect(next.step).toBe('create-item');
    expect(next.remember).toMatchObject({ title: 'Nike T-shirt noir logo brodé', creates: 1 });
    const body = next.call.body as { item: { assigned_photos: { id: number }[]; temp_uuid: string } };
    expect(body.item.assigned_photos.map((p) => p.id)).toEqual([9001, 9002]);
    expect(body.item.temp_uuid).toBe(state.tempUuid);
    state = steps.applied(
      'create-item',
      { item: { id: 123, url: 'https://www.vinted.fr/items/123' } },
      inputs({ state }),
    );
    expect(state).toMatchObject({ itemId: '123', done: true });
    expect(steps.next(inputs({ state }))).toEqual({ kind: 'complete' });
  });

  it('looks for a create whose answer was lost in the wardrobe, page by page, before creating again', () => {
    const base: JobState = {
      ...planned(),
      photos: [{ imageId: 'img-1', url: 'u', photoId: 1 }],
      title: 'Nike T-shirt noir logo brodé',
      creates: 1,
      reconcile: { page: 1, exhausted: false },
    };
    const next = steps.next(inputs({ state: base }));
    expect(next).toMatchObject({ kind: 'dispatch', step: 'reconcile-create', call: { method: 'GET' } });
    if (next.kind === 'dispatch') expect(next.call.url).toContain('/wardrobe/42/items?page=1');

    const page = (n: number, total: number, titles: string[]) => ({
      items: titles.map((title, i) => ({ id: 100 + i, title })),
      pagination: { current_page: n, total_pages: total, total_entries: titles.length, per_page: 50 },
    });
    const more = steps.applied('reconcile-create', page(1, 3, ['Other']), inputs({ state: base }));
    expect(more.reconcile).toEqual({ page: 2, exhausted: false });
    const found = steps.applied(
      'reconcile-create',
      page(2, 3, ['Nike T-shirt noir logo brodé']),
      inputs({ state: more }),
    );
    expect(found).toMatchObject({ itemId: '100', done: true });
    expect(found.reconcile).toBeUndefined();
    // Pages are bounded: after reconcilePages, creating again is allowed (the item is not there).
    const exhausted = steps.applied('reconcile-create', page(2, 3, ['Other']), inputs({ state: more }));
    expect(exhausted.reconcile).toEqual({ page: 2, exhausted: true });
    expect(steps.next(inputs({ state: exhausted }))).toMatchObject({ kind: 'dispatch', step: 'create-item' });
    expect(steps.next(inputs({ state: { ...exhausted, creates: 3 } }))).toMatchObject({
      kind: 'fail',
      code: 'VINTED_UNAVAILABLE',
    });
  });

  it('knows the lost create by its photos: a twin with the same title and other photos is not it', () => {
    const state: JobState = {
      ...planned(),
      photos: [
        { imageId: 'img-1', url: 'u', photoId: 7001 },
        { imageId: 'img-2', url: 'u', photoId: 7002 },
      ],
      title: 'Nike T-shirt noir logo brodé',
      creates: 1,
      reconcile: { page: 1, exhausted: false },
    };
    const item = (id: number, title: string, photoIds: number[]) => ({
      id,
      title,
      photos: photoIds.map((p) => ({ id: p })),
    });
    const page = (items: unknown[]) => ({
      items,
      pagination: { current_page: 1, total_pages: 1, total_entries: items.length, per_page: 50 },
    });
    // The twin comes first (newest first); the item showing this job's photo is the one.
    const found = steps.applied(
      'reconcile-create',
      page([
        item(200, 'Nike T-shirt noir logo brodé', [5001]),
        item(201, 'Nike T-shirt noir logo brodé', [7002, 7001]),
      ]),
      inputs({ state }),
    );
    expect(found).toMatchObject({ itemId: '201', done: true });
    // Only twins with other photos: not found, the create may be sent again.
    const none = steps.applied(
      'reconcile-create',
      page([item(200, 'Nike T-shirt noir logo brodé', [5001])]),
      inputs({ state }),
    );
    expect(none).toMatchObject({ reconcile: { page: 1, exhausted: true } });
    expect(none.itemId).toBeUndefined();
    // A page that shows no photos for an item falls back on the exact title.
    const byTitle = steps.applied(
      'reconcile-create',
      page([item(202, 'Nike T-shirt noir', []), item(203, 'Nike T-shirt noir logo brodé', [])]),
      inputs({ state }),
    );
    expect(byTitle).toMatchObject({ itemId: '203', done: true });
  });

  it('cannot reconcile without knowing the Vinted account: it fails and says to check the wardrobe', () => {
    const state: JobState = { ...planned(), photos: [], reconcile: { page: 1, exhausted: false } };
    expect(steps.next(inputs({ state, vintedUserId: null }))).toMatchObject({
      kind: 'fail',
      code: 'VINTED_OUTCOME_UNKNOWN',
    });
  });

  it('updates: uploads only the photos the item does not show yet, then edits the item', () => {
    const state = planned({ action: 'update', listing: LISTING });
    expect(state.photos).toEqual([
      { imageId: 'img-1', url: 'https://media.example/1.jpg', photoId: 501 },
      { imageId: 'img-2', url: 'https://media.example/2.jpg', photoId: null },
    ]);
    expect(steps.next(inputs({ action: 'update', state }))).toMatchObject({ step: 'upload-photo:1' });
    const uploaded = steps.applied('upload-photo:1', { id: 502 }, inputs({ action: 'update', state }));
    const edit = steps.next(inputs({ action: 'update', state: uploaded }));
    expect(edit).toMatchObject({ step: 'edit-item', call: { method: 'PUT', url: '/api/v2/item_upload/items/777' } });
  });

  it('deletes what is listed, and completes at once when nothing is', () => {
    expect(steps.plan(inputs({ action: 'delete', listing: LISTING, snapshot: undefined }))).toEqual({
      state: { itemId: '777' },
      total: 1,
    });
    expect(steps.next(inputs({ action: 'delete', state: { itemId: '777' } }))).toMatchObject({
      step: 'delete-item',
      call: { method: 'POST', url: '/api/v2/items/777/delete' },
    });
    expect(steps.plan(inputs({ action: 'delete', snapshot: undefined }))).toEqual({ state: {}, total: 0 });
    expect(steps.next(inputs({ action: 'delete', state: {} }))).toEqual({ kind: 'complete' });
  });
});
