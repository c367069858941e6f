import {
  isOutboundFailure,
  OutboundNotFound,
  OutboundRateLimited,
  OutboundRejected,
  OutboundUnauthorized,
} from '@stoflow/core';
import type { StepOutcome } from '@stoflow/publishing';
import { EtsyNotConnected, EtsyReconnectNeeded, RECONNECT_ETSY } from '../account/etsy-errors';
import { etsyError } from '../api/etsy-api';

export interface MappedOutcome {
  outcome: StepOutcome;
  status: number | null;
  reconnect?: string;
}

/** Etsy's 429 without `retry-after`: its per-second limit, so a short wait. */
const RATE_LIMIT_PAUSE_MS = 5_000;

/** What a failed Etsy request means for its job (ETSY.md's failure table). */
export function failedOutcome(step: string, error: unknown): MappedOutcome {
  if (error instanceof EtsyNotConnected) {
    return { outcome: { kind: 'needs-user', code: 'MARKETPLACE_NOT_CONNECTED', message: error.message }, status: null };
  }
  if (error instanceof EtsyReconnectNeeded) {
    return { outcome: { kind: 'needs-user', code: error.code, message: RECONNECT_ETSY }, status: null };
  }
  if (!isOutboundFailure(error)) {
    return {
      outcome: { kind: 'transient', message: error instanceof Error ? error.message : String(error) },
      status: null,
    };
  }
  const status = error.status ?? null;
  const said = etsyError(error.body);
  if (error instanceof OutboundUnauthorized || (status === 403 && /insufficient_scope/.test(said))) {
    return {
      outcome: { kind: 'needs-user', code: 'MARKETPLACE_NEEDS_RECONNECT', message: RECONNECT_ETSY },
      status,
      reconnect: error instanceof OutboundUnauthorized ? 'token refused' : 'a permission is missing',
    };
  }
  if (error instanceof OutboundRateLimited) {
    return {
      outcome: {
        kind: 'rate-limited',
        message: 'Etsy asks StoFlow to slow down',
        retryAfterMs: error.retryAfterMs ?? RATE_LIMIT_PAUSE_MS,
      },
      status,
    };
  }
  if (error instanceof OutboundNotFound) return { outcome: { kind: 'not-found', message: said }, status };
  if (error instanceof OutboundRejected) {
    if (status === 403 && /shared secret|api key/i.test(said)) {
      // The server's keystring or secret is wrong: an operator's matter, never the product's.
      return {
        outcome: {
          kind: 'rejected',
          code: 'MARKETPLACE_NOT_CONFIGURED',
          message: `Etsy refused this server's key: ${said}`,
        },
        status,
      };
    }
    return {
      outcome: {
        kind: 'rejected',
        code: step === 'deactivate' ? undefined : 'PRODUCT_INCOMPLETE_FOR_MARKETPLACE',
        message: `Etsy refused the listing (${step}): ${said}`,
        details: [{ field: step === 'upload-image' ? 'images' : 'etsy', issue: said }],
      },
      status,
    };
  }
  return { outcome: { kind: 'transient', message: said }, status };
}
