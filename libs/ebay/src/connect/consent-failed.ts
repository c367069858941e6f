import { DomainError } from '@stoflow/core';

export type ConsentFailure = 'declined' | 'state-used' | 'state-unknown' | 'code-refused';

const MESSAGES: Record<ConsentFailure, string> = {
  declined: 'You declined to give StoFlow access to your eBay account, so nothing was connected',
  'state-used': 'This eBay consent link was already used: start again from "Connect eBay"',
  'state-unknown':
    'This eBay consent link is not one StoFlow made, or it expired (links last 10 minutes): start again from "Connect eBay"',
  'code-refused': 'eBay did not accept the consent (it may have expired): start again from "Connect eBay"',
};

/** A consent that connected nobody, and why. */
export class ConsentFailed extends DomainError {
  constructor(readonly reason: ConsentFailure) {
    super('MARKETPLACE_CONSENT_FAILED', 400, MESSAGES[reason], [{ field: 'state', issue: reason }]);
  }
}
