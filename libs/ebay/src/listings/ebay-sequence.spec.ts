import { OutboundNetworkError, OutboundNotFound, OutboundRejected } from '@stoflow/core';
import type { EbayCall } from '../api/ebay-api';
import { EbaySequence, NothingOnEbay, runSequence, SequenceFailure } from './ebay-sequence';

const call = { api: 'ebay.inventory', method: 'GET', url: 'https://api.ebay.com/sell/inventory/v1/offer' };
const notFound = () =>
  new OutboundNotFound(call, 404, { errors: [{ errorId: 25713, message: 'This Offer is not available.' }] });

/** A scripted eBay: each step's answer (or failure), in order; records what was asked. */
function ebay(script: Record<string, (() => unknown)[]>) {
  const asked: string[] = [];
  const send = (step: string, _call: EbayCall) => {
    asked.push(step);
    const answer = script[step]?.shift();
    if (!answer) return Promise.resolve({ status: 204, body: undefined });
    const value = answer();
    if (value instanceof Error) return Promise.reject(value);
    return Promise.resolve({ status: 200, body: value });
  };
  return { send, asked };
}

const publish: EbaySequence = {
  kind: 'publish',
  sku: 'SF1FR',
  marketplaceId: 'EBAY_FR',
  language: 'fr-FR',
  item: {},
  offer: {},
};

describe('an eBay sequence', () => {
  it('publishes: item, lookup, offer, publish', async () => {
    const { send, asked } = ebay({
      'find-offer': [notFound],
      'create-offer': [() => ({ offerId: 'O1' })],
      'publish-offer': [() => ({ listingId: 'L1' })],
    });
    expect(await runSequence(publish, send)).toEqual({ offerId: 'O1', listingId: 'L1', warnings: [] });
    expect(asked).toEqual(['put-item', 'find-offer', 'create-offer', 'publish-offer']);
  });

  it('goes on from what eBay holds: an offer found is updated, a live one is not published again', async () => {
    const live = {
      offers: [{ offerId: 'O1', marketplaceId: 'EBAY_FR', status: 'PUBLISHED', listing: { listingId: 'L1' } }],
    };
    const first = ebay({ 'find-offer': [() => live] });
    expect(await runSequence(publish, first.send)).toMatchObject({ offerId: 'O1', listingId: 'L1' });
    expect(first.asked).toEqual(['put-item', 'find-offer', 'update-offer']);

    const waiting = { offers: [{ offerId: 'O1', marketplaceId: 'EBAY_FR', status: 'UNPUBLISHED' }] };
    const second = ebay({ 'find-offer': [() => waiting], 'publish-offer': [() => ({ listingId: 'L2' })] });
    expect(await runSequence(publish, second.send)).toMatchObject({ offerId: 'O1', listingId: 'L2' });
    expect(second.asked).toEqual(['put-item', 'find-offer', 'update-offer', 'publish-offer']);
  });

  it('takes the offer eBay names when a create answers 25002, and brings it up to date', async () => {
    const exists = new OutboundRejected(call, 400, {
      errors: [
        { errorId: 25002, message: 'Offer entity already exists.', parameters: [{ name: 'offerId', value: 'O9' }] },
      ],
    });
    const { send, asked } = ebay({
      'find-offer': [notFound],
      'create-offer': [() => exists],
      'publish-offer': [() => ({ listingId: 'L9' })],
    });
    expect(await runSequence(publish, send)).toMatchObject({ offerId: 'O9', listingId: 'L9' });
    expect(asked).toEqual(['put-item', 'find-offer', 'create-offer', 'update-offer', 'publish-offer']);
  });

  it('fails at the step that failed, with what eBay said', async () => {
    const lost = new OutboundNetworkError(call, Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const { send } = ebay({ 'find-offer': [notFound], 'create-offer': [() => lost] });
    const failure = await runSequence(publish, send).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SequenceFailure);
    expect(failure).toMatchObject({ step: 'create-offer', cause: lost });
  });

  it('withdraws only a published offer; nothing on eBay, or ended already, is withdrawn', async () => {
    const withdraw: EbaySequence = { kind: 'withdraw', sku: 'SF1FR', marketplaceId: 'EBAY_FR', language: 'fr-FR' };
    const none = ebay({ 'find-offer': [notFound] });
    expect(await runSequence(withdraw, none.send)).toMatchObject({ withdrawn: true });
    expect(none.asked).toEqual(['find-offer']);
    const live = {
      offers: [{ offerId: 'O1', marketplaceId: 'EBAY_FR', status: 'PUBLISHED', listing: { listingId: 'L1' } }],
    };
    const ended = ebay({ 'find-offer': [() => live], 'withdraw-offer': [notFound] });
    expect(await runSequence(withdraw, ended.send)).toMatchObject({ offerId: 'O1', withdrawn: true });
    expect(ended.asked).toEqual(['find-offer', 'withdraw-offer']);
    // Sold out on eBay (its own sale, or one that raced another marketplace's): nothing is sent.
    const soldOut = {
      offers: [
        {
          offerId: 'O2',
          marketplaceId: 'EBAY_FR',
          status: 'PUBLISHED',
          listing: { listingId: 'L2', listingStatus: 'ENDED' },
        },
      ],
    };
    const sold = ebay({ 'find-offer': [() => soldOut] });
    expect(await runSequence(withdraw, sold.send)).toMatchObject({ offerId: 'O2', listingId: 'L2', withdrawn: true });
    expect(sold.asked).toEqual(['find-offer']);
  });

  it('has nothing to revise when eBay holds no offer', async () => {
    const { send } = ebay({ 'find-offer': [notFound] });
    await expect(runSequence({ ...publish, kind: 'revise' }, send)).rejects.toBeInstanceOf(NothingOnEbay);
  });
});
