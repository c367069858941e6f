import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { EtsyConfiguredGuard } from './access/etsy-configured.guard';
import { EtsyAccountsRepository } from './account/etsy-accounts.repository';
import { EtsyConnectionNews } from './account/etsy-connection-news';
import { EtsyTokens } from './account/etsy-tokens';
import { EtsyApi } from './api/etsy-api';
import { CompleteEtsyConnectHandler, ConnectEtsyHandler } from './connect/connect-etsy.handler';
import { EtsyConnectController } from './connect/connect.http';
import { PkceStates } from './connect/pkce-states';
import { EtsySettings } from './etsy-settings';
import { ETSY_CALLS_QUEUE, EtsyCallQueue } from './listings/etsy-call-queue';
import { EtsyCallsProcessor } from './listings/etsy-calls.processor';
import { EtsyCallsRepository } from './listings/etsy-calls.repository';
import { EtsyListingsRepository } from './listings/etsy-listings.repository';
import { EtsyDriver } from './listings/etsy.driver';
import { ETSY_RECEIPTS_QUEUE, EtsyReceiptsProcessor, EtsyReceiptSync } from './orders/etsy-receipt-sync';
import { EtsyWebhookController } from './orders/etsy-webhook.http';
import { SyncEtsyOrdersController, SyncEtsyOrdersHandler } from './orders/sync-etsy-orders';
import { EtsyShop } from './shop/etsy-shop';
import {
  DisconnectEtsyHandler,
  GetEtsyConnectionHandler,
  GetEtsyShopHandler,
  SetEtsySettingsHandler,
} from './shop/etsy-shop.handlers';
import { EtsyShopController } from './shop/etsy-shop.http';

export interface EtsyModuleOptions {
  /** `api` serves the seller's Etsy routes; `worker` sends the calls jobs decide and reads receipts. */
  app: 'api' | 'worker' | 'cli';
}

const providers = [
  EtsySettings,
  EtsyApi,
  EtsyAccountsRepository,
  EtsyTokens,
  EtsyConnectionNews,
  PkceStates,
  EtsyShop,
  EtsyListingsRepository,
  EtsyCallsRepository,
  EtsyCallQueue,
  EtsyDriver,
  EtsyReceiptSync,
  ConnectEtsyHandler,
  CompleteEtsyConnectHandler,
  GetEtsyConnectionHandler,
  GetEtsyShopHandler,
  SetEtsySettingsHandler,
  DisconnectEtsyHandler,
  SyncEtsyOrdersHandler,
];

/** Etsy through its Open API v3 with the seller's OAuth token (PKCE): shop, listings, receipts. */
@Module({})
export class EtsyModule {
  static forRoot({ app }: EtsyModuleOptions): DynamicModule {
    return {
      module: EtsyModule,
      imports: [BullModule.registerQueue({ name: ETSY_CALLS_QUEUE }, { name: ETSY_RECEIPTS_QUEUE })],
      controllers:
        app === 'api'
          ? [EtsyConnectController, EtsyShopController, SyncEtsyOrdersController, EtsyWebhookController]
          : [],
      providers: [
        ...providers,
        ...(app === 'api' ? [EtsyConfiguredGuard] : []),
        ...(app === 'worker' ? [EtsyCallsProcessor, EtsyReceiptsProcessor] : []),
      ],
    };
  }
}
