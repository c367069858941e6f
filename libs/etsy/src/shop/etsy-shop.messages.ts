import { Command, Query } from '@nestjs/cqrs';
import type { EtsyShopView } from './etsy-shop';

export interface EtsyConnectionView {
  connected: boolean;
  status: string;
  account: string | null;
  needs: string | null;
  shopId: number | null;
  currency: string | null;
  settings: { shippingProfileId: number | null; returnPolicyId: number | null; readinessStateId: number | null } | null;
}

export class GetEtsyConnectionQuery extends Query<EtsyConnectionView> {
  constructor(readonly userId: number) {
    super();
  }
}

export class GetEtsyShopQuery extends Query<EtsyShopView> {
  constructor(readonly userId: number) {
    super();
  }
}

export class DisconnectEtsyCommand extends Command<void> {
  constructor(readonly userId: number) {
    super();
  }
}

export interface EtsySettingsInput {
  shippingProfileId: number;
  returnPolicyId?: number;
  readinessStateId?: number;
  createProcessingProfile?: boolean;
}

export class SetEtsySettingsCommand extends Command<EtsyConnectionView> {
  constructor(
    readonly userId: number,
    readonly settings: EtsySettingsInput,
  ) {
    super();
  }
}
