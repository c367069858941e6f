import { BusinessRuleViolation } from '@stoflow/core';

export class EbayNotConfigured extends BusinessRuleViolation {
  constructor() {
    super(
      'MARKETPLACE_NOT_CONFIGURED',
      'eBay is not set up on this server: the operator must set EBAY_CLIENT_ID, EBAY_CLIENT_SECRET and EBAY_RU_NAME.',
    );
  }
}
