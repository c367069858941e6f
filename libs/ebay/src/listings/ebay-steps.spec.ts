import type { ListingSnapshot } from '@stoflow/catalog';
import type { DriverJob, StepInputs } from '@stoflow/publishing';
import { EbayJobState, EbayPrepared, fold, next, plan } from './ebay-steps';

const PRODUCT = '0d5edf74-0bac-413e-a068-907c635ef8ec';
const SKU = 'SF0D5EDF740BAC413EA068907C635EF8ECFR';

const snapshot = {
  product: {
    id: PRODUCT,
    title: 'Robe en lin',
    description: 'Portée deux fois',
    price: '25.00',
    currency: 'EUR',
    stockQuantity: 1,
    version: 3,
    images: [{ id: 'i', url: 'https://media.example/1.jpg', position: 0 }],
    weightGrams: null,
  },
  attributes: {
    brand: { id: 1, code: 'nike', name: 'Nike' },
    category: { id: 2, code: 'women_dresses', name: 'Dresses', ebayCategoryId: 63861, ebayLeaf: true, gender: 'women' },
    condition: { id: 3, code: 'very_good', name: 'Very good', ebayCondition: 'PRE_OWNED_EXCELLENT' },
    size: { id: 4, code: 'm', name: 'M' },
    gender: null,
    season: null,
    fit: null,
    colors: [],
    materials: [],
  },
} as unknown as ListingSnapshot;

const prepared: EbayPrepared = {
  setup: {
    marketplaceId: 'EBAY_FR',
    fulfillmentPolicyId: 'F',
    paymentPolicyId: 'P',
    returnPolicyId: 'R',
    merchantLocationKey: 'stoflow-FR-75011',
  },
  aspects: [],
  mediaIsPublic: true,
  chosenCategoryId: null,
};

function inputs(action: 'publish' | 'update' | 'delete', state: EbayJobState): StepInputs<EbayJobState, EbayPrepared> {
  return {
    job: { id: 'j', action, productId: PRODUCT, state } as unknown as DriverJob<EbayJobState>,
    state,
    snapshot: action === 'delete' ? undefined : snapshot,
    listing: undefined,
    prepared,
    maxStepRetries: 4,
  };
}

describe('eBay job steps', () => {
  it('publishes in one sequence keyed by the SKU, with the item and offer built from the product', () => {
    const planned = plan(inputs('publish', {}));
    expect(planned).toEqual({ state: { basedOn: 3, sku: SKU, marketplaceId: 'EBAY_FR' }, total: 1 });
    const decision = next(inputs('publish', (planned as { state: EbayJobState }).state));
    expect(decision).toMatchObject({
      kind: 'dispatch',
      step: 'publish',
      call: {
        kind: 'publish',
        sku: SKU,
        language: 'fr-FR',
        item: { condition: 'PRE_OWNED_EXCELLENT', availability: { shipToLocationAvailability: { quantity: 1 } } },
        offer: {
          sku: SKU,
          marketplaceId: 'EBAY_FR',
          categoryId: '63861',
          pricingSummary: { price: { value: '25.00', currency: 'EUR' } },
        },
      },
    });
  });

  it('records the offer and listing the sequence left, and completes', () => {
    const state: EbayJobState = { sku: SKU, marketplaceId: 'EBAY_FR' };
    const done = fold('publish', { kind: 'ok', body: { offerId: 'O1', listingId: 'L1', warnings: [] } }, state)!;
    expect(done).toMatchObject({ offerId: 'O1', listingId: 'L1', done: true });
    expect(next(inputs('publish', done))).toEqual({ kind: 'complete' });
    // A publish that says it listed nothing is no success.
    expect(
      fold('publish', { kind: 'ok', body: { offerId: 'O1', listingId: null, warnings: [] } }, state),
    ).toBeUndefined();
  });

  it('takes nothing on eBay as done for a withdrawal, and as a failure for a revision', () => {
    const state: EbayJobState = { sku: SKU, marketplaceId: 'EBAY_FR' };
    expect(fold('withdraw', { kind: 'not-found', message: 'gone' }, state)).toMatchObject({ done: true });
    expect(fold('revise', { kind: 'not-found', message: 'gone' }, state)).toBeUndefined();
    expect(next(inputs('delete', state))).toMatchObject({
      kind: 'dispatch',
      step: 'withdraw',
      call: { kind: 'withdraw' },
    });
  });

  it("refuses to start without the seller's eBay settings", () => {
    expect(plan({ ...inputs('publish', {}), prepared: { ...prepared, setup: null } })).toMatchObject({
      kind: 'fail',
      code: 'MARKETPLACE_NOT_SET_UP',
    });
  });
});
