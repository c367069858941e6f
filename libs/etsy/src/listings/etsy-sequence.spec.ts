import { OutboundNotFound } from '@stoflow/core';
import type { EtsyCall } from '../api/etsy-api';
import { EtsySequence, runSequence } from './etsy-sequence';

const call = { api: 'etsy', method: 'GET', url: 'https://openapi.etsy.com/v3/application/listings/7' };
const notFound = () => new OutboundNotFound(call, 404, { error: 'Listing not found' });

/** A scripted Etsy: each step's answer (or failure), in order; records what was asked and with which form. */
function etsy(script: Record<string, (() => unknown)[]>) {
  const asked: { step: string; form?: EtsyCall['form'] }[] = [];
  const send = (step: string, sent: EtsyCall) => {
    asked.push({ step, ...(sent.form ? { form: sent.form } : {}) });
    const answer = script[step]?.shift();
    if (!answer) return Promise.resolve({ status: 200, body: {} });
    const value = answer();
    if (value instanceof Error) return Promise.reject(value);
    return Promise.resolve({ status: 200, body: value });
  };
  return { send, asked };
}

const withdraw: EtsySequence = { kind: 'withdraw', shopId: 1, sku: 'ABC', listingId: 7, since: 0 };
const noPhotos = () => Promise.reject(new Error('no photo is read by a withdrawal'));

describe('an Etsy withdrawal', () => {
  it('deactivates a live listing after reading it', async () => {
    const { send, asked } = etsy({ 'read-listing': [() => ({ listing_id: 7, state: 'active' })] });
    expect(await runSequence(withdraw, 1, send, noPhotos)).toEqual({ listingId: 7, url: null, withdrawn: true });
    expect(asked).toEqual([{ step: 'read-listing' }, { step: 'deactivate', form: { state: 'inactive' } }]);
  });

  it.each(['sold_out', 'inactive', 'expired'])('sends nothing to a listing already %s', async (state) => {
    const { send, asked } = etsy({ 'read-listing': [() => ({ listing_id: 7, state })] });
    expect(await runSequence(withdraw, 1, send, noPhotos)).toMatchObject({ listingId: 7, withdrawn: true });
    expect(asked.map((a) => a.step)).toEqual(['read-listing']);
  });

  it('is done when Etsy no longer has the listing, and when StoFlow never knew one', async () => {
    const gone = etsy({ 'read-listing': [notFound] });
    expect(await runSequence(withdraw, 1, gone.send, noPhotos)).toMatchObject({ withdrawn: true });
    expect(gone.asked.map((a) => a.step)).toEqual(['read-listing']);
    const never = etsy({});
    expect(await runSequence({ ...withdraw, listingId: null }, 1, never.send, noPhotos)).toMatchObject({
      listingId: null,
      withdrawn: true,
    });
    expect(never.asked).toEqual([]);
  });
});

describe('an Etsy revision', () => {
  const revise: EtsySequence = {
    kind: 'revise',
    shopId: 1,
    sku: 'ABC',
    listingId: 7,
    since: 0,
    title: 'T',
    description: 'D',
    price: 10,
    quantity: 1,
    photos: ['https://media/1.jpg'],
    photosChanged: true,
  };
  const onePhoto = () => Promise.resolve(Buffer.from('jpeg'));

  it('sends the photos by rank and removes the ranks past the last one', async () => {
    const { send, asked } = etsy({
      'read-listing': [() => ({ listing_id: 7, state: 'active' })],
      'read-images': [
        () => ({
          results: [
            { listing_image_id: 11, rank: 1 },
            { listing_image_id: 12, rank: 2 },
            { listing_image_id: 13, rank: 3 },
          ],
        }),
      ],
    });
    await runSequence(revise, 1, send, onePhoto);
    expect(asked.map((a) => a.step)).toEqual([
      'read-listing',
      'update-listing',
      'upload-image',
      'read-images',
      'delete-image',
      'delete-image',
      'put-inventory',
    ]);
  });

  it('leaves the photos alone when they did not change', async () => {
    const { send, asked } = etsy({ 'read-listing': [() => ({ listing_id: 7, state: 'active' })] });
    await runSequence({ ...revise, photosChanged: false }, 1, send, onePhoto);
    expect(asked.map((a) => a.step)).toEqual(['read-listing', 'update-listing', 'put-inventory']);
  });
});
