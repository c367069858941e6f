import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { BusinessRuleViolation, ErrorDetail } from '@stoflow/core';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbayConnectionNews } from '../account/ebay-connection-news';
import { asRouteError } from '../account/ebay-unavailable';
import { connectionView, EbayConnectionView } from '../connection/ebay-connection.view';
import { EbaySellerAccount } from './ebay-seller-account';
import { SetEbaySettingsCommand } from './set-ebay-settings.command';

@CommandHandler(SetEbaySettingsCommand)
export class SetEbaySettingsHandler implements ICommandHandler<SetEbaySettingsCommand> {
  constructor(
    private readonly seller: EbaySellerAccount,
    private readonly accounts: EbayAccountsRepository,
    private readonly news: EbayConnectionNews,
  ) {}

  async execute({ userId, settings }: SetEbaySettingsCommand): Promise<EbayConnectionView> {
    const policies = await this.seller.policies(userId).catch(asRouteError);
    if (!policies.businessPolicies) {
      throw new BusinessRuleViolation('EBAY_POLICIES_NOT_READY', policies.message ?? 'Business policies are not ready');
    }
    const problems: ErrorDetail[] = [];
    const check = (field: keyof typeof settings, id: string, known: { id: string }[], kind: string) => {
      if (!known.some((p) => p.id === id)) {
        problems.push({ field, issue: `not one of your ${kind} policies on ${policies.marketplaceId}` });
      }
    };
    check('fulfillmentPolicyId', settings.fulfillmentPolicyId, policies.fulfillmentPolicies, 'shipping (fulfillment)');
    check('paymentPolicyId', settings.paymentPolicyId, policies.paymentPolicies, 'payment');
    check('returnPolicyId', settings.returnPolicyId, policies.returnPolicies, 'return');
    if (problems.length) {
      throw new BusinessRuleViolation('EBAY_POLICY_UNKNOWN', 'Choose policies from GET /api/ebay/policies', problems);
    }
    const key = locationKey(settings.location);
    await this.seller.createLocation(userId, key, settings.location).catch(asRouteError);
    await this.accounts.setUp(userId, { ...settings, merchantLocationKey: key });
    await this.news.announce(userId);
    return connectionView(await this.accounts.of(userId));
  }
}

/** eBay's location keys are immutable and at most 36 characters: one per place the seller ships from. */
export function locationKey(location: { country: string; postalCode: string }): string {
  const postal = location.postalCode.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return `stoflow-${location.country.toUpperCase()}-${postal}`.slice(0, 36);
}
