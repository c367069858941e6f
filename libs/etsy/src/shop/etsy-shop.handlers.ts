import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MarketplaceListingChangedEvent } from '@stoflow/catalog';
import { BusinessRuleViolation, ErrorDetail, Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { EtsyAccountRow, EtsyAccountsRepository } from '../account/etsy-accounts.repository';
import { EtsyConnectionNews, etsyConnection } from '../account/etsy-connection-news';
import { asRouteError, EtsyNotConnected } from '../account/etsy-errors';
import { EtsyListingsRepository } from '../listings/etsy-listings.repository';
import { EtsyShop, EtsyShopView, returnPolicyNeeded } from './etsy-shop';
import {
  DisconnectEtsyCommand,
  EtsyConnectionView,
  GetEtsyConnectionQuery,
  GetEtsyShopQuery,
  SetEtsySettingsCommand,
} from './etsy-shop.messages';

export function connectionView(account: EtsyAccountRow | undefined): EtsyConnectionView {
  const c = etsyConnection(account);
  const id = (v: string | null) => (v === null ? null : Number(v));
  return {
    connected: c.connected,
    status: c.status,
    account: c.account,
    needs: c.needs,
    shopId: account ? Number(account.shop_id) : null,
    currency: account?.currency ?? null,
    settings: account
      ? {
          shippingProfileId: id(account.shipping_profile_id),
          returnPolicyId: id(account.return_policy_id),
          readinessStateId: id(account.readiness_state_id),
        }
      : null,
  };
}

@QueryHandler(GetEtsyConnectionQuery)
export class GetEtsyConnectionHandler implements IQueryHandler<GetEtsyConnectionQuery> {
  constructor(private readonly accounts: EtsyAccountsRepository) {}

  async execute({ userId }: GetEtsyConnectionQuery): Promise<EtsyConnectionView> {
    return connectionView(await this.accounts.of(userId));
  }
}

@QueryHandler(GetEtsyShopQuery)
export class GetEtsyShopHandler implements IQueryHandler<GetEtsyShopQuery> {
  constructor(private readonly shop: EtsyShop) {}

  execute({ userId }: GetEtsyShopQuery): Promise<EtsyShopView> {
    return this.shop.view(userId).catch(asRouteError);
  }
}

@CommandHandler(SetEtsySettingsCommand)
export class SetEtsySettingsHandler implements ICommandHandler<SetEtsySettingsCommand> {
  constructor(
    private readonly shop: EtsyShop,
    private readonly accounts: EtsyAccountsRepository,
    private readonly news: EtsyConnectionNews,
  ) {}

  async execute({ userId, settings }: SetEtsySettingsCommand): Promise<EtsyConnectionView> {
    const account = await this.shop.connected(userId);
    const view = await this.shop.view(userId).catch(asRouteError);
    const problems: ErrorDetail[] = [];
    if (!view.shippingProfiles.some((p) => p.id === settings.shippingProfileId)) {
      problems.push({ field: 'shippingProfileId', issue: 'not one of your shop’s shipping profiles' });
    }
    if (settings.returnPolicyId !== undefined && !view.returnPolicies.some((p) => p.id === settings.returnPolicyId)) {
      problems.push({ field: 'returnPolicyId', issue: 'not one of your shop’s return policies' });
    } else if (settings.returnPolicyId === undefined && returnPolicyNeeded(account.country)) {
      problems.push({ field: 'returnPolicyId', issue: 'Etsy needs a return policy for shops outside the EU' });
    }
    let readiness = settings.readinessStateId;
    if (readiness !== undefined && !view.processingProfiles.some((p) => p.id === readiness)) {
      problems.push({ field: 'readinessStateId', issue: 'not one of your shop’s processing profiles' });
    } else if (readiness === undefined) {
      readiness = view.processingProfiles.find((p) => p.readinessState === 'ready_to_ship')?.id;
      if (readiness === undefined && !settings.createProcessingProfile) {
        problems.push({
          field: 'readinessStateId',
          issue: 'your shop has no processing profile: choose one, or allow StoFlow to create a ready-to-ship one',
        });
      }
    }
    if (problems.length)
      throw new BusinessRuleViolation('ETSY_SETTINGS_INVALID', 'Choose from GET /api/etsy/shop', problems);
    if (readiness === undefined) readiness = await this.shop.readyToShip(userId, account).catch(asRouteError);
    await this.accounts.setUp(userId, {
      shippingProfileId: settings.shippingProfileId,
      returnPolicyId: settings.returnPolicyId ?? null,
      readinessStateId: readiness,
    });
    await this.news.announce(userId);
    return connectionView(await this.accounts.of(userId));
  }
}

@CommandHandler(DisconnectEtsyCommand)
export class DisconnectEtsyHandler implements ICommandHandler<DisconnectEtsyCommand> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly accounts: EtsyAccountsRepository,
    private readonly listings: EtsyListingsRepository,
    private readonly outbox: Outbox,
    private readonly news: EtsyConnectionNews,
  ) {}

  async execute({ userId }: DisconnectEtsyCommand): Promise<void> {
    if (!(await this.accounts.of(userId))) throw new EtsyNotConnected();
    await this.tenant.run(userId, () =>
      this.db.transaction(async (em) => {
        for (const listing of await this.listings.unlinkAll(em)) {
          await this.outbox.add(
            em,
            new MarketplaceListingChangedEvent(
              userId,
              listing.productId,
              'etsy',
              'unlinked',
              listing.externalId,
              listing.url,
              'Still on Etsy: StoFlow no longer holds your Etsy connection',
            ),
          );
        }
      }),
    );
    await this.accounts.remove(userId);
    await this.news.announce(userId);
  }
}
