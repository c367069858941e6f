import type { ListingSnapshot } from '@stoflow/catalog';
import type { DriverJob, StepInputs } from '@stoflow/publishing';
import { afterUnknown, EbayJobState, EbayPrepared, fold, next, plan } from './ebay-steps';

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

function steps(action: 'publish' | 'update', outcomes: Record<string, unknown>): string[] {
  const planned = plan(inputs(action, {}));
  if ('kind' in planned) throw new Error(planned.message);
  let state = planned.state;
  const seen: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const decision = next(inputs(action, state));
    if (decision.kind !== 'dispatch') return [...seen, decision.kind];
    seen.push(decision.step);
    const body = outcomes[decision.step];
    state = fold(decision.step, body === 404 ? { kind: 'not-found', message: '' } : { kind: 'ok', body }, state)!;
  }
  return seen;
}

describe('eBay job steps', () => {
  it('publishes with the SKU as the key: item, offer lookup, offer, publish', () => {
    expect(plan(inputs('publish', {}))).toEqual({
      state: { basedOn: 3, sku: SKU, marketplaceId: 'EBAY_FR' },
      total: 4,
    });
    expect(
      steps('publish', { 'find-offer': 404, 'create-offer': { offerId: 'O1' }, 'publish-offer': { listingId: 'L1' } }),
    ).toEqual(['put-item', 'find-offer', 'create-offer', 'publish-offer', 'complete']);
  });

  it('updates the offer it finds rather than creating one, and does not publish a live one again', () => {
    const found = {
      offers: [
        {
          offerId: 'O1',
          marketplaceId: 'EBAY_FR',
          format: 'FIXED_PRICE',
          status: 'PUBLISHED',
          listing: { listingId: 'L1' },
        },
      ],
    };
    expect(steps('publish', { 'find-offer': found })).toEqual(['put-item', 'find-offer', 'update-offer', 'complete']);
    expect(steps('update', { 'find-offer': found })).toEqual(['put-item', 'find-offer', 'update-offer', 'complete']);
  });

  it('fails an update whose listing is gone from eBay', () => {
    expect(steps('update', { 'find-offer': 404 })).toEqual(['put-item', 'find-offer', 'fail']);
  });

  it('looks the offer up again after a create or a publish with no answer, and gives up after too many', () => {
    const state: EbayJobState = { sku: SKU, marketplaceId: 'EBAY_FR', itemPut: true, looked: true, offerId: null };
    const after = afterUnknown('create-offer', state)!;
    expect(after).toMatchObject({ looked: false, unknowns: 1 });
    expect(next(inputs('publish', after))).toMatchObject({ kind: 'dispatch', step: 'find-offer' });
    expect(afterUnknown('put-item', state)).toBeUndefined();
    expect(next(inputs('publish', { ...after, unknowns: 5 }))).toMatchObject({
      kind: 'fail',
      code: 'EBAY_UNAVAILABLE',
    });
  });

  it('withdraws a published offer, and takes an offer already ended as done', () => {
    const state: EbayJobState = { sku: SKU, marketplaceId: 'EBAY_FR' };
    expect(next(inputs('delete', state))).toMatchObject({ kind: 'dispatch', step: 'find-offer' });
    const unpublished = fold(
      'find-offer',
      { kind: 'ok', body: { offers: [{ offerId: 'O1', marketplaceId: 'EBAY_FR', status: 'UNPUBLISHED' }] } },
      state,
    )!;
    expect(next(inputs('delete', unpublished))).toEqual({ kind: 'complete' });
    const live = fold(
      'find-offer',
      {
        kind: 'ok',
        body: {
          offers: [{ offerId: 'O1', marketplaceId: 'EBAY_FR', status: 'PUBLISHED', listing: { listingId: 'L1' } }],
        },
      },
      state,
    )!;
    expect(next(inputs('delete', live))).toMatchObject({ kind: 'dispatch', step: 'withdraw-offer' });
    expect(fold('withdraw-offer', { kind: 'not-found', message: 'gone' }, live)).toMatchObject({ withdrawn: true });
  });

  it("refuses to start without the seller's eBay settings", () => {
    expect(plan({ ...inputs('publish', {}), prepared: { ...prepared, setup: null } })).toMatchObject({
      kind: 'fail',
      code: 'MARKETPLACE_NOT_SET_UP',
    });
  });
});
