import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ResumeVintedAccountHandler } from './account/resume-account/resume-account.handler';
import { ResumeVintedAccountController } from './account/resume-account/resume-account.http';
import { VintedConnectionNews } from './account/connection-news/vinted-connection-news';
import { GetVintedImportHandler } from './imports/import-wardrobe/get-vinted-import.handler';
import { ImportPageHandler } from './imports/import-wardrobe/import-page.handler';
import { ImportItemHandler } from './imports/import-wardrobe/import-item.handler';
import { ImportPhotoHandler } from './imports/import-wardrobe/import-photo.handler';
import { ImportPhotoCalls } from './imports/import-photo-calls';
import { ImportChain } from './imports/import-chain';
import { VintedReferenceIndex } from './imports/vinted-reference';
import { CancelVintedImportHandler } from './imports/cancel-import/cancel-vinted-import.handler';
import { ImportVintedWardrobeHandler } from './imports/import-wardrobe/import-vinted-wardrobe.handler';
import { ImportVintedWardrobeController } from './imports/import-wardrobe/import-vinted-wardrobe.http';
import { VintedImportsRepository } from './imports/vinted-imports.repository';
import { ConversationsRepository } from './messages/conversations.repository';
import { ListConversationsHandler } from './messages/list-conversations/list-conversations.handler';
import { ListConversationsController } from './messages/list-conversations/list-conversations.http';
import { MessageSyncsRepository } from './messages/message-syncs.repository';
import { ReadConversationHandler } from './messages/read-conversation/read-conversation.handler';
import { ReadConversationController } from './messages/read-conversation/read-conversation.http';
import { ReplyOutcomeHandler } from './messages/reply-to-conversation/reply-outcome.handler';
import { ReplyToConversationHandler } from './messages/reply-to-conversation/reply-to-conversation.handler';
import { ReplyToConversationController } from './messages/reply-to-conversation/reply-to-conversation.http';
import { MessageSyncStepHandler } from './messages/sync-messages/message-sync-step.handler';
import { MessagesScheduleProcessor, VINTED_MESSAGES_QUEUE } from './messages/sync-messages/messages-schedule.processor';
import { SyncVintedMessagesHandler } from './messages/sync-messages/sync-vinted-messages.handler';
import { SyncVintedMessagesController } from './messages/sync-messages/sync-vinted-messages.http';
import { OrderSyncsRepository } from './orders/order-syncs.repository';
import { OrderPageHandler } from './orders/sync-orders/order-page.handler';
import { OrdersScheduleProcessor, VINTED_ORDERS_QUEUE } from './orders/sync-orders/orders-schedule.processor';
import { SyncVintedOrdersHandler } from './orders/sync-orders/sync-vinted-orders.handler';
import { SyncVintedOrdersController } from './orders/sync-orders/sync-vinted-orders.http';
import { VintedAccountRepository } from './account/vinted-account.repository';
import { TaskOutcomeHandler } from './jobs/saga/task-outcome.handler';
import { VintedDriver } from './jobs/vinted.driver';
import { VintedListingsRepository } from './jobs/vinted-listings.repository';
import { PluginGuard } from './plugin/access/plugin.guard';
import { PluginTokens } from './plugin/access/plugin-tokens';
import { CreatePairingCodeHandler } from './plugin/devices/create-pairing-code/create-pairing-code.handler';
import { CreatePairingCodeController } from './plugin/devices/create-pairing-code/create-pairing-code.http';
import { DevicesRepository } from './plugin/devices/devices.repository';
import { ExchangePairingCodeHandler } from './plugin/devices/exchange-pairing-code/exchange-pairing-code.handler';
import { ExchangePairingCodeController } from './plugin/devices/exchange-pairing-code/exchange-pairing-code.http';
import { GetVintedConnectionHandler } from './plugin/devices/get-connection/get-connection.handler';
import { GetVintedConnectionController } from './plugin/devices/get-connection/get-connection.http';
import { HeartbeatHandler } from './plugin/devices/heartbeat/heartbeat.handler';
import { HeartbeatController } from './plugin/devices/heartbeat/heartbeat.http';
import { ListDevicesHandler } from './plugin/devices/list-devices/list-devices.handler';
import { ListDevicesController } from './plugin/devices/list-devices/list-devices.http';
import { RevokeDeviceHandler } from './plugin/devices/revoke-device/revoke-device.handler';
import { RevokeDeviceController } from './plugin/devices/revoke-device/revoke-device.http';
import { PluginSettings } from './plugin/plugin-settings';
import { ClaimTasksHandler } from './plugin/tasks/claim-tasks/claim-tasks.handler';
import { ClaimTasksController } from './plugin/tasks/claim-tasks/claim-tasks.http';
import { DueTenants } from './plugin/tasks/due-tenants';
import { EndErasedPollsHandler } from './plugin/tasks/end-erased-polls/end-erased-polls.handler';
import { PluginTaskQueue } from './plugin/tasks/plugin-task-queue';
import { ReleaseClaimedTasksHandler } from './plugin/tasks/release-claimed-tasks/release-claimed-tasks.handler';
import { PluginTasksRepository } from './plugin/tasks/plugin-tasks.repository';
import { SubmitResultHandler } from './plugin/tasks/submit-result/submit-result.handler';
import { SubmitResultController } from './plugin/tasks/submit-result/submit-result.http';
import { SweepPluginTasksHandler } from './plugin/tasks/sweep-plugin-tasks/sweep-plugin-tasks.handler';
import {
  SweepPluginTasksProcessor,
  VINTED_SWEEPERS_QUEUE,
} from './plugin/tasks/sweep-plugin-tasks/sweep-plugin-tasks.processor';
import { TaskWakeUps } from './plugin/tasks/task-wake-ups';
import { VintedWebClient } from './vinted-web/vinted-web.client';
import { ApplyVintedReferenceHandler } from './reference/apply-reference/apply-vinted-reference.handler';
import { GetVintedReferenceDiffHandler } from './reference/reference-diff/get-vinted-reference-diff.handler';
import { ReferenceSnapshotsRepository } from './reference/reference-snapshots.repository';
import { GetVintedReferenceRefreshHandler } from './reference/refresh-reference/get-vinted-reference-refresh.handler';
import { ReferencePartHandler } from './reference/refresh-reference/reference-part.handler';
import { RefreshVintedReferenceHandler } from './reference/refresh-reference/refresh-vinted-reference.handler';
import { RefreshVintedReferenceController } from './reference/refresh-reference/refresh-vinted-reference.http';

const handlers = [
  CreatePairingCodeHandler,
  ExchangePairingCodeHandler,
  ListDevicesHandler,
  RevokeDeviceHandler,
  HeartbeatHandler,
  GetVintedConnectionHandler,
  ClaimTasksHandler,
  ReleaseClaimedTasksHandler,
  SubmitResultHandler,
  SweepPluginTasksHandler,
  ResumeVintedAccountHandler,
  SyncVintedOrdersHandler,
  ImportVintedWardrobeHandler,
  GetVintedImportHandler,
  SyncVintedMessagesHandler,
  ListConversationsHandler,
  ReadConversationHandler,
  ReplyToConversationHandler,
  RefreshVintedReferenceHandler,
  GetVintedReferenceRefreshHandler,
  GetVintedReferenceDiffHandler,
  ApplyVintedReferenceHandler,
  CancelVintedImportHandler,
];

const controllers = [
  CreatePairingCodeController,
  ExchangePairingCodeController,
  ListDevicesController,
  RevokeDeviceController,
  HeartbeatController,
  GetVintedConnectionController,
  ClaimTasksController,
  SubmitResultController,
  ResumeVintedAccountController,
  SyncVintedOrdersController,
  ImportVintedWardrobeController,
  SyncVintedMessagesController,
  ListConversationsController,
  ReadConversationController,
  ReplyToConversationController,
  RefreshVintedReferenceController,
];

const providers = [
  ...handlers,
  PluginSettings,
  PluginTokens,
  PluginGuard,
  DevicesRepository,
  PluginTasksRepository,
  PluginTaskQueue,
  TaskWakeUps,
  DueTenants,
  VintedAccountRepository,
  VintedListingsRepository,
  VintedWebClient,
  VintedDriver,
  VintedConnectionNews,
  OrderSyncsRepository,
  VintedImportsRepository,
  MessageSyncsRepository,
  ConversationsRepository,
  ReferenceSnapshotsRepository,
  ImportChain,
  ImportPhotoCalls,
  VintedReferenceIndex,
];

/** The saga's moving parts run in the worker only: task outcomes, catalog reactions, the step processor, the sweep. */
const workerProviders = [
  SweepPluginTasksProcessor,
  TaskOutcomeHandler,
  EndErasedPollsHandler,
  OrderPageHandler,
  OrdersScheduleProcessor,
  ImportPageHandler,
  MessageSyncStepHandler,
  ReplyOutcomeHandler,
  MessagesScheduleProcessor,
  ReferencePartHandler,
  ImportItemHandler,
  ImportPhotoHandler,
];

export interface VintedModuleOptions {
  /**
   * `api` serves the plugin bridge's routes; `worker` runs the plugin sweeper and turns task outcomes into job
   * steps; `cli` has the commands and queries only. Every app has the Vinted driver of the publishing layer.
   */
  app: 'api' | 'worker' | 'cli';
}

/**
 * Vinted through the user's browser extension: pairing, the plugin task queue and its long-poll, and the driver
 * through which the publishing layer's jobs publish, update and withdraw Vinted items one paced call at a time.
 */
@Module({})
export class VintedModule {
  static forRoot({ app }: VintedModuleOptions): DynamicModule {
    return {
      module: VintedModule,
      imports: [
        JwtModule.register({}),
        ...(app === 'worker'
          ? [
              BullModule.registerQueue(
                { name: VINTED_SWEEPERS_QUEUE },
                { name: VINTED_ORDERS_QUEUE },
                { name: VINTED_MESSAGES_QUEUE },
              ),
            ]
          : []),
      ],
      controllers: app === 'api' ? controllers : [],
      providers: app === 'worker' ? [...providers, ...workerProviders] : providers,
    };
  }
}
