import { BusinessRuleViolation } from '@stoflow/core';

export class EtsyNotConfigured extends BusinessRuleViolation {
  constructor() {
    super(
      'MARKETPLACE_NOT_CONFIGURED',
      'Etsy is not set up on this server: the operator must set ETSY_KEYSTRING and ETSY_SHARED_SECRET.',
    );
  }
}
