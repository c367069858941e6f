import { Command } from '@nestjs/cqrs';

export interface EtsyConsentOutcome {
  marketplace: 'etsy';
  status: 'connected';
  /** The shop's name. */
  account: string | null;
}

/** Starts a consent on Etsy (PKCE S256): answers the consent page. */
export class ConnectEtsyCommand extends Command<{ authorizationUrl: string }> {
  constructor(readonly userId: number) {
    super();
  }
}

/** Etsy sent the seller back with a code (or a refusal). */
export class CompleteEtsyConnectCommand extends Command<EtsyConsentOutcome> {
  constructor(
    readonly state: string | undefined,
    readonly code: string | undefined,
    readonly refusal: string | undefined,
  ) {
    super();
  }
}
