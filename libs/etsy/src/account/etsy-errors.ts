import { BusinessRuleViolation, DomainError, isOutboundFailure } from '@stoflow/core';

export class EtsyNotConnected extends BusinessRuleViolation {
  constructor() {
    super('MARKETPLACE_NOT_CONNECTED', 'Connect your Etsy shop first (GET /api/etsy/connect)');
  }
}

export class EtsyReconnectNeeded extends DomainError {
  constructor(readonly reason: string) {
    super(
      'MARKETPLACE_NEEDS_RECONNECT',
      409,
      `Etsy no longer accepts StoFlow's access to your shop (${reason}): connect Etsy again (GET /api/etsy/connect)`,
    );
  }
}

export const RECONNECT_ETSY = 'Connect Etsy again: Etsy no longer accepts the access you gave StoFlow';

export class EtsyUnavailable extends DomainError {
  constructor(why: string) {
    super('MARKETPLACE_UNAVAILABLE', 503, `Etsy did not answer (${why}); nothing was changed, try again in a moment`);
  }
}

/** A failed outbound call, as a route answers it. */
export function asRouteError(error: unknown): never {
  if (isOutboundFailure(error)) throw new EtsyUnavailable(error.status ? `HTTP ${error.status}` : error.kind);
  throw error;
}
