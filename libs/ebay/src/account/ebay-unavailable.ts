import { DomainError, isOutboundFailure } from '@stoflow/core';

/** eBay did not answer usably (down, slow, rate-limited): nothing was changed on StoFlow's side. */
export class EbayUnavailable extends DomainError {
  constructor(why: string) {
    super('MARKETPLACE_UNAVAILABLE', 503, `eBay did not answer (${why}); nothing was changed, try again in a moment`);
  }
}

/** A failed outbound call, as a route answers it; anything else is rethrown as it is. */
export function asRouteError(error: unknown): never {
  if (isOutboundFailure(error)) {
    throw new EbayUnavailable(error.status ? `HTTP ${error.status}` : error.kind);
  }
  throw error;
}
