import { Injectable } from '@nestjs/common';
import { isOutboundFailure } from '@stoflow/core';
import { EtsyAccountRow, EtsyAccountsRepository } from '../account/etsy-accounts.repository';
import { EtsyNotConnected, EtsyReconnectNeeded } from '../account/etsy-errors';
import { EtsyTokens } from '../account/etsy-tokens';
import { EtsyApi } from '../api/etsy-api';

export interface EtsyShopView {
  shopId: number;
  name: string | null;
  currency: string | null;
  country: string | null;
  shippingProfiles: { id: number; title: string }[];
  returnPolicies: { id: number; acceptsReturns: boolean }[];
  processingProfiles: { id: number; readinessState: string; minDays: number; maxDays: number }[];
}

/** The EU, where Etsy does not ask for a return policy on a listing. */
const EU = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '));

export function returnPolicyNeeded(country: string | null): boolean {
  return !country || !EU.has(country);
}

/** The seller's shop on Etsy: its profiles and policies, and processing profiles (not in Etsy's old document). */
@Injectable()
export class EtsyShop {
  constructor(
    private readonly accounts: EtsyAccountsRepository,
    private readonly tokens: EtsyTokens,
    private readonly api: EtsyApi,
  ) {}

  async connected(userId: number): Promise<EtsyAccountRow> {
    const account = await this.accounts.of(userId);
    if (!account) throw new EtsyNotConnected();
    if (account.status === 'needs-reconnect') throw new EtsyReconnectNeeded(account.status_reason ?? 'refused');
    return account;
  }

  async view(userId: number): Promise<EtsyShopView> {
    const account = await this.connected(userId);
    const auth = this.tokens.forSeller(userId);
    const shop = `/shops/${account.shop_id}`;
    const list = async <T>(path: string) =>
      (await this.api.send<{ results?: T[] }>({ method: 'GET', path: `${shop}${path}` }, auth)).body?.results ?? [];
    const [shipping, returns, readiness] = await Promise.all([
      list<{ shipping_profile_id: number; title: string }>('/shipping-profiles'),
      list<{ return_policy_id: number; accepts_returns: boolean }>('/policies/return'),
      list<{
        readiness_state_id: number;
        readiness_state: string;
        min_processing_time: number;
        max_processing_time: number;
      }>('/readiness-state-definitions'),
    ]);
    return {
      shopId: Number(account.shop_id),
      name: account.shop_name,
      currency: account.currency,
      country: account.country,
      shippingProfiles: shipping.map((p) => ({ id: p.shipping_profile_id, title: p.title })),
      returnPolicies: returns.map((p) => ({ id: p.return_policy_id, acceptsReturns: p.accepts_returns })),
      processingProfiles: readiness.map((p) => ({
        id: p.readiness_state_id,
        readinessState: p.readiness_state,
        minDays: p.min_processing_time,
        maxDays: p.max_processing_time,
      })),
    };
  }

  /** A `ready_to_ship` processing profile (1–3 days); Etsy answers 409 with the existing one for a duplicate. */
  async readyToShip(userId: number, account: EtsyAccountRow): Promise<number> {
    try {
      const { body } = await this.api.send<{ readiness_state_id: number }>(
        {
          method: 'POST',
          path: `/shops/${account.shop_id}/readiness-state-definitions`,
          form: { readiness_state: 'ready_to_ship', min_processing_time: 1, max_processing_time: 3 },
        },
        this.tokens.forSeller(userId),
      );
      return body.readiness_state_id;
    } catch (error) {
      if (!isOutboundFailure(error) || error.status !== 409) throw error;
      const view = await this.view(userId);
      const existing = view.processingProfiles.find((p) => p.readinessState === 'ready_to_ship');
      if (!existing) throw error;
      return existing.id;
    }
  }
}
