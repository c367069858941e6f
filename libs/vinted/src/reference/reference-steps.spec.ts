import { VintedWebClient } from '../vinted-web/vinted-web.client';
import { brandSlice } from './refresh-reference/refresh-vinted-reference.handler';
import { nextPart, parseReferenceStep, referenceCall, referenceStep } from './reference-steps';

const ID = '5c1d1f7e-2b8a-4a57-9a51-0e6c2f3d8b44';

describe('reference refresh steps', () => {
  it('names each part so the step alone says which snapshot and part it is', () => {
    for (const part of [{ kind: 'catalogs' }, { kind: 'size-groups' }, { kind: 'brand', index: 7 }] as const) {
      expect(parseReferenceStep(referenceStep(ID, part))).toEqual({ snapshotId: ID, part });
    }
    for (const step of [null, 'orders-page:x:1', `vinted-reference:${ID}:brand:-1`, `vinted-reference:${ID}:other`]) {
      expect(parseReferenceStep(step)).toBeUndefined();
    }
  });

  it('reads the tree, the size groups, then each brand in turn', () => {
    const parts = [];
    for (let part = nextPart({ kind: 'catalogs' }, 2); part; part = nextPart(part, 2)) parts.push(part);
    expect(parts).toEqual([{ kind: 'size-groups' }, { kind: 'brand', index: 0 }, { kind: 'brand', index: 1 }]);
    expect(nextPart({ kind: 'size-groups' }, 0)).toBeUndefined();
    expect(referenceCall(new VintedWebClient(), { kind: 'brand', index: 1 }, ['Nike', 'Zara']).url).toBe(
      '/api/v2/item_upload/brands?keyword=Zara',
    );
  });

  it('searches a bounded slice of the brands, the next run going on round the list', () => {
    const brands = [1, 2, 3, 4, 5].map((id) => ({ id, name: `B${id}` }));
    expect(brandSlice(brands, 0, 2)).toEqual({ ids: [1, 2], keywords: ['B1', 'B2'], offset: 0 });
    expect(brandSlice(brands, 4, 2)).toEqual({ ids: [5, 1], keywords: ['B5', 'B1'], offset: 4 });
    expect(brandSlice(brands, 12, 9)).toEqual({
      ids: [3, 4, 5, 1, 2],
      keywords: ['B3', 'B4', 'B5', 'B1', 'B2'],
      offset: 2,
    });
    expect(brandSlice([], 3, 2)).toEqual({ ids: [], keywords: [], offset: 0 });
  });
});
