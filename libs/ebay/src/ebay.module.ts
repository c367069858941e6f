import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { EbayConfiguredGuard } from './access/ebay-configured.guard';
import { EbayAccountsRepository } from './account/ebay-accounts.repository';
import { EbayConnectionNews } from './account/ebay-connection-news';
import { EbayTokens } from './account/ebay-tokens';
import { EbayApi } from './api/ebay-api';
import { CompleteEbayConnectHandler } from './connect/complete-ebay-connect.handler';
import { ConnectEbayHandler } from './connect/connect-ebay.handler';
import { EbayConnectController } from './connect/connect.http';
import { OAuthStates } from './connect/oauth-states';
import { DisconnectEbayHandler } from './connection/disconnect-ebay.handler';
import { EbayConnectionController } from './connection/ebay-connection.http';
import { GetEbayConnectionHandler } from './connection/get-ebay-connection.handler';
import { EbaySettings } from './ebay-settings';
import { EbayCallQueue, EBAY_CALLS_QUEUE } from './listings/ebay-call-queue';
import { EbayCallsProcessor } from './listings/ebay-calls.processor';
import { EbayCallsRepository } from './listings/ebay-calls.repository';
import { EbayListingsRepository } from './listings/ebay-listings.repository';
import { EbayDriver } from './listings/ebay.driver';
import { EbaySellerAccount } from './setup/ebay-seller-account';
import { EbaySetupController } from './setup/ebay-setup.http';
import { GetEbayPoliciesHandler } from './setup/get-ebay-policies.handler';
import { SetEbaySettingsHandler } from './setup/set-ebay-settings.handler';
import { SuggestEbayCategoriesHandler } from './setup/suggest-ebay-categories.handler';
import { EbayTaxonomy } from './taxonomy/ebay-taxonomy';
import { ChooseEbayCategoryHandler } from './category/choose-ebay-category.handler';
import { ChooseEbayCategoryController } from './category/choose-ebay-category.http';
import { EbayCategoryChoicesRepository } from './category/ebay-category-choices.repository';
import { AccountDeletionController } from './deletion/account-deletion.http';
import { DeletionNotices } from './deletion/deletion-notices';
import { EBAY_DELETIONS_QUEUE } from './deletion/deletion-queue';
import { EbayDeletionsProcessor } from './deletion/ebay-deletions.processor';
import { EraseEbayUser } from './deletion/erase-ebay-user';
import { EbayOrderSync } from './orders/ebay-order-sync';
import { EbayOrdersProcessor } from './orders/ebay-orders.processor';
import { EBAY_ORDERS_QUEUE } from './orders/ebay-orders-queue';
import { SyncEbayOrdersHandler } from './orders/sync-ebay-orders.handler';
import { SyncEbayOrdersController } from './orders/sync-ebay-orders.http';

const handlers = [
  ConnectEbayHandler,
  CompleteEbayConnectHandler,
  GetEbayConnectionHandler,
  DisconnectEbayHandler,
  GetEbayPoliciesHandler,
  SetEbaySettingsHandler,
  SuggestEbayCategoriesHandler,
  SyncEbayOrdersHandler,
  ChooseEbayCategoryHandler,
];

const controllers = [
  EbayConnectController,
  EbayConnectionController,
  EbaySetupController,
  SyncEbayOrdersController,
  AccountDeletionController,
  ChooseEbayCategoryController,
];

const providers = [
  ...handlers,
  EbaySettings,
  EbayApi,
  EbayAccountsRepository,
  EbayTokens,
  EbayConnectionNews,
  EbayTaxonomy,
  EbaySellerAccount,
  OAuthStates,
  EbayListingsRepository,
  EbayCallsRepository,
  EbayCallQueue,
  EbayDriver,
  EbayOrderSync,
  DeletionNotices,
  EraseEbayUser,
  EbayCategoryChoicesRepository,
];

/** eBay's calls are sent by the worker only. */
const workerProviders = [EbayCallsProcessor, EbayOrdersProcessor, EbayDeletionsProcessor];

export interface EbayModuleOptions {
  /** `api` serves the seller's eBay routes; `worker` sends the calls jobs decide; every app has the driver. */
  app: 'api' | 'worker' | 'cli';
}

/** eBay through its Sell APIs with the seller's OAuth token: connection, setup, listings, orders, deletion notices. */
@Module({})
export class EbayModule {
  static forRoot({ app }: EbayModuleOptions): DynamicModule {
    return {
      module: EbayModule,
      imports: [
        BullModule.registerQueue(
          { name: EBAY_CALLS_QUEUE },
          { name: EBAY_ORDERS_QUEUE },
          { name: EBAY_DELETIONS_QUEUE },
        ),
      ],
      controllers: app === 'api' ? controllers : [],
      providers: [
        ...providers,
        ...(app === 'api' ? [EbayConfiguredGuard] : []),
        ...(app === 'worker' ? workerProviders : []),
      ],
    };
  }
}
