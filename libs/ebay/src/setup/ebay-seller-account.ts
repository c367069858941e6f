import { Injectable } from '@nestjs/common';
import { isOutboundFailure, OAuthTokenSource } from '@stoflow/core';
import { EbayAccountRow, EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbayNotConnected, EbayReconnectNeeded } from '../account/ebay-errors';
import { EbayTokens } from '../account/ebay-tokens';
import { EbayApi, ebayErrors } from '../api/ebay-api';

export interface Policy {
  id: string;
  name: string;
  description: string | null;
}

export interface SellerPolicies {
  marketplaceId: string;
  /** False while eBay enables business policies on the account (it can take up to 24 hours). */
  businessPolicies: boolean;
  message: string | null;
  fulfillmentPolicies: Policy[];
  paymentPolicies: Policy[];
  returnPolicies: Policy[];
}

const NOT_ELIGIBLE = 20403;
const OPTING_IN =
  'eBay is enabling business policies on your account, which can take up to 24 hours; come back then to choose them';

/** The seller's side of eBay's Account API: business policies (opting in when needed) and inventory locations. */
@Injectable()
export class EbaySellerAccount {
  constructor(
    private readonly accounts: EbayAccountsRepository,
    private readonly tokens: EbayTokens,
    private readonly api: EbayApi,
  ) {}

  async connected(userId: number): Promise<EbayAccountRow> {
    const account = await this.accounts.of(userId);
    if (!account) throw new EbayNotConnected();
    if (account.status === 'needs-reconnect') throw new EbayReconnectNeeded(account.status_reason ?? 'refused');
    return account;
  }

  async policies(userId: number): Promise<SellerPolicies> {
    const account = await this.connected(userId);
    const auth = this.tokens.forSeller(userId);
    const marketplaceId = account.marketplace_id;
    const none = { marketplaceId, fulfillmentPolicies: [], paymentPolicies: [], returnPolicies: [] };
    if (!(await this.optedIn(auth))) {
      await this.api.send(
        { api: 'account', method: 'POST', path: '/program/opt_in', json: { programType: PROGRAM } },
        auth,
      );
      return { ...none, businessPolicies: false, message: OPTING_IN };
    }
    try {
      const [fulfillment, payment, returns] = await Promise.all(
        (['fulfillment_policy', 'payment_policy', 'return_policy'] as const).map((kind) =>
          this.api.send<Record<string, unknown>>(
            { api: 'account', method: 'GET', path: `/${kind}`, query: { marketplace_id: marketplaceId } },
            auth,
          ),
        ),
      );
      return {
        marketplaceId,
        businessPolicies: true,
        message: null,
        fulfillmentPolicies: list(fulfillment.body, 'fulfillmentPolicies', 'fulfillmentPolicyId'),
        paymentPolicies: list(payment.body, 'paymentPolicies', 'paymentPolicyId'),
        returnPolicies: list(returns.body, 'returnPolicies', 'returnPolicyId'),
      };
    } catch (error) {
      // Opted in, but eBay has not finished enabling them yet.
      if (isOutboundFailure(error) && ebayErrors(error.body).some((e) => e.errorId === NOT_ELIGIBLE)) {
        return { ...none, businessPolicies: false, message: OPTING_IN };
      }
      throw error;
    }
  }

  /** Creates the inventory location; a key that exists already is the same location (success). */
  async createLocation(
    userId: number,
    key: string,
    location: { country: string; postalCode: string; city?: string },
  ): Promise<void> {
    try {
      await this.api.send(
        {
          api: 'inventory',
          method: 'POST',
          path: `/location/${encodeURIComponent(key)}`,
          json: {
            location: { address: { country: location.country, postalCode: location.postalCode, city: location.city } },
            locationTypes: ['WAREHOUSE'],
            name: `StoFlow ${location.postalCode} ${location.country}`,
            merchantLocationStatus: 'ENABLED',
          },
        },
        this.tokens.forSeller(userId),
        { retry: true },
      );
    } catch (error) {
      const exists =
        isOutboundFailure(error) && (error.status === 409 || ebayErrors(error.body).some((e) => e.errorId === 25803));
      if (!exists) throw error;
    }
  }

  private async optedIn(auth: OAuthTokenSource): Promise<boolean> {
    const { body } = await this.api.send<{ programs?: { programType?: string }[] }>(
      { api: 'account', method: 'GET', path: '/program/get_opted_in_programs' },
      auth,
    );
    return (body?.programs ?? []).some((p) => p.programType === PROGRAM);
  }
}

const PROGRAM = 'SELLING_POLICY_MANAGEMENT';

function list(body: Record<string, unknown> | undefined, field: string, idField: string): Policy[] {
  const items = (body?.[field] as Record<string, unknown>[] | undefined) ?? [];
  return items.map((p) => ({
    id: String(p[idField]),
    name: String(p.name ?? p[idField]),
    description: typeof p.description === 'string' ? p.description : null,
  }));
}
