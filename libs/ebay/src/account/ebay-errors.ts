import { BusinessRuleViolation, DomainError } from '@stoflow/core';

/** The seller has no eBay connection. */
export class EbayNotConnected extends BusinessRuleViolation {
  constructor() {
    super('MARKETPLACE_NOT_CONNECTED', 'Connect your eBay account first (GET /api/ebay/connect)');
  }
}

/** eBay refused the stored authorization: only a new consent brings the connection back. */
export class EbayReconnectNeeded extends DomainError {
  constructor(readonly reason: string) {
    super(
      'MARKETPLACE_NEEDS_RECONNECT',
      409,
      `eBay no longer accepts StoFlow's access to your account (${reason}): connect eBay again (GET /api/ebay/connect)`,
    );
  }
}

/** The sentence shown to the seller while the connection needs them. */
export const RECONNECT_EBAY = 'Connect eBay again: eBay no longer accepts the access you gave StoFlow';
