import {
  ErrorDetail,
  isOutboundFailure,
  OutboundNotFound,
  OutboundRateLimited,
  OutboundRejected,
  OutboundUnauthorized,
} from '@stoflow/core';
import type { StepOutcome } from '@stoflow/publishing';
import { EbayNotConnected, EbayReconnectNeeded, RECONNECT_EBAY } from '../account/ebay-errors';
import { EbayError, ebayErrors } from '../api/ebay-api';

/** Errors whose fix is the seller's connection or setup rather than the product (EBAY.md's table). */
const NO_SUCH_OFFER = 25713;
const NOT_ELIGIBLE_FOR_POLICIES = 20403;
const INSUFFICIENT_SCOPE = 1100;
const POLICY_ERRORS = new Set([25007, 25008, 25009, 25035, 25036]);
const LOCATION_ERRORS = new Set([25012]);
const IMAGE_ERRORS = new Set([25014, 25015, 25501]);
const SELLING_LIMIT = 25026;
/** A 429 without Retry-After that is not the daily limit: look again within the hour. */
const RATE_LIMIT_PAUSE_MS = 60 * 60 * 1000;
/** eBay's "daily call limit reached" (domain ACCESS): it resets at midnight Pacific time. */
const DAILY_LIMIT = 2001;
const OPT_IN_PAUSE_MS = 60 * 60 * 1000;

/** A call's outcome in the publishing layer's vocabulary, and the HTTP status eBay answered (when it did). */
export interface MappedOutcome {
  outcome: StepOutcome;
  status: number | null;
  /** eBay refused the seller's token for good: the connection must be marked. */
  reconnect?: string;
}

export function answeredOutcome(status: number, body: unknown): MappedOutcome {
  return { outcome: { kind: 'ok', body: body ?? null }, status };
}

/** What a failed call means for the job that made it. */
export function failedOutcome(step: string, error: unknown): MappedOutcome {
  if (error instanceof EbayNotConnected) {
    return { outcome: { kind: 'needs-user', code: 'MARKETPLACE_NOT_CONNECTED', message: error.message }, status: null };
  }
  if (error instanceof EbayReconnectNeeded) {
    return { outcome: { kind: 'needs-user', code: error.code, message: RECONNECT_EBAY }, status: null };
  }
  if (!isOutboundFailure(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { outcome: { kind: 'transient', message }, status: null };
  }
  const status = error.status ?? null;
  const errors = ebayErrors(error.body);
  const ids = new Set(errors.map((e) => e.errorId));
  const said = sentence(errors, error.message);

  if (error instanceof OutboundUnauthorized || ids.has(INSUFFICIENT_SCOPE)) {
    return {
      outcome: { kind: 'needs-user', code: 'MARKETPLACE_NEEDS_RECONNECT', message: RECONNECT_EBAY },
      status,
      reconnect: error instanceof OutboundUnauthorized ? 'token refused' : 'a permission is missing',
    };
  }
  if (error instanceof OutboundRateLimited) {
    const daily = ids.has(DAILY_LIMIT);
    return {
      outcome: {
        kind: 'rate-limited',
        message: daily
          ? "eBay's daily call limit is reached: StoFlow waits until it resets (midnight, Pacific time)"
          : 'eBay asks StoFlow to slow down',
        retryAfterMs: error.retryAfterMs ?? (daily ? untilPacificMidnight(new Date()) : RATE_LIMIT_PAUSE_MS),
      },
      status,
    };
  }
  if (error instanceof OutboundNotFound || ids.has(NO_SUCH_OFFER)) {
    return { outcome: { kind: 'not-found', message: said }, status };
  }
  if (error instanceof OutboundRejected) {
    if (ids.has(NOT_ELIGIBLE_FOR_POLICIES)) {
      return {
        outcome: {
          kind: 'rate-limited',
          message: 'eBay is still enabling business policies on your account (up to 24 hours)',
          retryAfterMs: OPT_IN_PAUSE_MS,
        },
        status,
      };
    }
    return { outcome: rejection(step, errors, said), status };
  }
  return { outcome: { kind: 'transient', message: said }, status };
}

function rejection(step: string, errors: EbayError[], said: string): StepOutcome {
  const ids = new Set(errors.map((e) => e.errorId));
  if ([...ids].some((id) => id !== undefined && POLICY_ERRORS.has(id))) {
    return {
      kind: 'rejected',
      code: 'EBAY_POLICY_INVALID',
      message: `${said}: choose your policies again (GET /api/ebay/policies, PUT /api/ebay/settings)`,
      details: [{ field: 'policies', issue: said }],
    };
  }
  if ([...ids].some((id) => id !== undefined && LOCATION_ERRORS.has(id))) {
    return {
      kind: 'rejected',
      code: 'EBAY_LOCATION_UNKNOWN',
      message: 'eBay does not know your item location: save your eBay settings again (PUT /api/ebay/settings)',
      details: [{ field: 'location', issue: said }],
    };
  }
  if (ids.has(SELLING_LIMIT)) {
    return { kind: 'rejected', code: 'EBAY_SELLING_LIMIT', message: `Your eBay selling limit is reached: ${said}` };
  }
  if (step === 'withdraw-offer') {
    // Not the product's fault: eBay will not end the listing now (e.g. it has bids, or ends soon).
    return { kind: 'rejected', message: `eBay refused to end the listing: ${said}` };
  }
  const details: ErrorDetail[] = errors.map((e) => ({
    field: IMAGE_ERRORS.has(e.errorId ?? 0) ? 'images' : (fieldOf(e) ?? 'ebay'),
    issue: e.longMessage || e.message || 'refused',
    ...(e.errorId !== undefined ? { errorId: e.errorId } : {}),
  }));
  return {
    kind: 'rejected',
    code: 'PRODUCT_INCOMPLETE_FOR_MARKETPLACE',
    message: `eBay refused the listing: ${said}`,
    details,
  };
}

function fieldOf(error: EbayError): string | undefined {
  const named = error.parameters?.find((p) => p.value && p.name !== 'offerId')?.value;
  return named ?? undefined;
}

function sentence(errors: EbayError[], fallback: string): string {
  const first = errors[0];
  return first?.longMessage || first?.message || fallback;
}

/** Milliseconds from `now` to the next midnight in America/Los_Angeles (daylight saving included). */
export function untilPacificMidnight(now: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const elapsed = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + now.getMilliseconds();
  return 24 * 60 * 60 * 1000 - elapsed;
}
