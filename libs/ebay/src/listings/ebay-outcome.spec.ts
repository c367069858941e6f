import {
  OutboundNotFound,
  OutboundRateLimited,
  OutboundRejected,
  OutboundTransient,
  OutboundUnauthorized,
} from '@stoflow/core';
import { EbayReconnectNeeded } from '../account/ebay-errors';
import { failedOutcome, untilPacificMidnight } from './ebay-outcome';

const call = { api: 'ebay.inventory', method: 'POST', url: 'https://api.ebay.com/sell/inventory/v1/offer' };
const body = (errorId: number, parameters?: { name: string; value: string }[]) => ({
  errors: [{ errorId, domain: 'API_INVENTORY', category: 'REQUEST', message: `error ${errorId}`, parameters }],
});

describe('failedOutcome (EBAY.md failure table)', () => {
  it('reads a missing offer or item as not found (a withdrawal then is done)', () => {
    expect(failedOutcome('find-offer', new OutboundNotFound(call, 404, body(25713))).outcome.kind).toBe('not-found');
    expect(failedOutcome('withdraw-offer', new OutboundRejected(call, 400, body(25713))).outcome.kind).toBe(
      'not-found',
    );
  });

  it('asks the seller to reconnect when eBay refuses the token or a scope, and says the connection must be marked', () => {
    const refused = failedOutcome('put-item', new OutboundUnauthorized(call, 401, body(1001)));
    expect(refused.outcome).toMatchObject({ kind: 'needs-user', code: 'MARKETPLACE_NEEDS_RECONNECT' });
    expect(refused.reconnect).toBe('token refused');
    const scope = failedOutcome('put-item', new OutboundRejected(call, 403, body(1100)));
    expect(scope.outcome.kind).toBe('needs-user');
    expect(scope.reconnect).toBe('a permission is missing');
    expect(failedOutcome('put-item', new EbayReconnectNeeded('invalid_grant')).outcome.kind).toBe('needs-user');
  });

  it('waits for the daily limit to reset at midnight Pacific when eBay says it is reached', () => {
    const daily = failedOutcome('publish', new OutboundRateLimited(call, undefined, 429, body(2001)));
    expect(daily.outcome).toMatchObject({ kind: 'rate-limited', message: expect.stringMatching(/daily/) });
    // 2026-12-05 10:00 UTC is 02:00 in Los Angeles (PST, UTC-8): 22 hours to go.
    expect(untilPacificMidnight(new Date('2026-12-05T10:00:00.000Z'))).toBe(22 * 3_600_000);
    // In summer (PDT, UTC-7), 2026-07-01 06:30 UTC is 23:30 the day before.
    expect(untilPacificMidnight(new Date('2026-07-01T06:30:00.000Z'))).toBe(30 * 60_000);
  });

  it('backs off on 429 for as long as eBay says, and for an hour when it says nothing', () => {
    expect(failedOutcome('publish-offer', new OutboundRateLimited(call, 3000, 429)).outcome).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 3000,
    });
    expect(failedOutcome('publish-offer', new OutboundRateLimited(call, undefined, 429)).outcome).toMatchObject({
      retryAfterMs: 3_600_000,
    });
  });

  it('retries a 5xx, names the fields of a refusal, and points policy and location errors at the settings', () => {
    expect(failedOutcome('publish-offer', new OutboundTransient(call, 500, body(25001))).outcome.kind).toBe(
      'transient',
    );
    const field = failedOutcome(
      'publish-offer',
      new OutboundRejected(call, 400, body(25021, [{ name: 'x', value: 'condition' }])),
    );
    expect(field.outcome).toMatchObject({
      kind: 'rejected',
      code: 'PRODUCT_INCOMPLETE_FOR_MARKETPLACE',
      details: [{ field: 'condition', errorId: 25021 }],
    });
    expect(failedOutcome('publish-offer', new OutboundRejected(call, 400, body(25007))).outcome).toMatchObject({
      code: 'EBAY_POLICY_INVALID',
    });
    expect(failedOutcome('publish-offer', new OutboundRejected(call, 400, body(25012))).outcome).toMatchObject({
      code: 'EBAY_LOCATION_UNKNOWN',
    });
    expect(failedOutcome('withdraw-offer', new OutboundRejected(call, 400, body(25019))).outcome).toMatchObject({
      kind: 'rejected',
    });
    expect(failedOutcome('withdraw-offer', new OutboundRejected(call, 400, body(25019))).outcome).not.toHaveProperty(
      'code',
    );
  });
});
