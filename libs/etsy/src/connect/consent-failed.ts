import { DomainError } from '@stoflow/core';

export type ConsentFailure = 'declined' | 'state-used' | 'state-unknown' | 'code-refused';

const MESSAGES: Record<ConsentFailure, string> = {
  declined: 'You declined to give StoFlow access to your Etsy shop, so nothing was connected',
  'state-used': 'This Etsy consent link was already used: start again from "Connect Etsy"',
  'state-unknown':
    'This Etsy consent link is not one StoFlow made, or it expired (links last 10 minutes): start again from "Connect Etsy"',
  'code-refused': 'Etsy did not accept the consent (it may have expired): start again from "Connect Etsy"',
};

export class EtsyConsentFailed extends DomainError {
  constructor(readonly reason: ConsentFailure) {
    super('MARKETPLACE_CONSENT_FAILED', 400, MESSAGES[reason], [{ field: 'state', issue: reason }]);
  }
}
