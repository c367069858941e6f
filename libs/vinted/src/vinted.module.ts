import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ResumeVintedAccountHandler } from './account/resume-account/resume-account.handler';
import { ResumeVintedAccountController } from './account/resume-account/resume-account.http';
import { VintedAccountRepository } from './account/vinted-account.repository';
import { CancelVintedJobHandler } from './jobs/cancel-job/cancel-job.handler';
import { CancelJobController } from './jobs/cancel-job/cancel-job.http';
import { WithdrawOrUpdateHandler } from './jobs/catalog-reactions/withdraw-or-update.handler';
import { GetVintedJobHandler } from './jobs/get-job/get-job.handler';
import { GetJobController } from './jobs/get-job/get-job.http';
import { JobSettings } from './jobs/job-settings';
import { ListVintedJobsHandler } from './jobs/list-jobs/list-jobs.handler';
import { ListJobsController } from './jobs/list-jobs/list-jobs.http';
import { PublishQuotaUsageHandler } from './jobs/quota-usage/publish-quota-usage.handler';
import { PublishController } from './jobs/request-jobs/publish.http';
import { RequestVintedJobsHandler } from './jobs/request-jobs/request-vinted-jobs.handler';
import { RetryVintedJobHandler } from './jobs/retry-job/retry-job.handler';
import { RetryJobController } from './jobs/retry-job/retry-job.http';
import { DueJobTenants } from './jobs/saga/due-job-tenants';
import { JobScheduler, VINTED_JOBS_QUEUE } from './jobs/saga/job-scheduler';
import { TaskOutcomeHandler } from './jobs/saga/task-outcome.handler';
import { VintedJobRunner } from './jobs/saga/vinted-job.runner';
import { VintedJobsProcessor } from './jobs/saga/vinted-jobs.processor';
import { VintedJobsSweeper } from './jobs/saga/vinted-jobs.sweeper';
import { VintedJobsRepository } from './jobs/vinted-jobs.repository';
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
import { CancelPluginTasksHandler } from './plugin/tasks/cancel-plugin-tasks/cancel-plugin-tasks.handler';
import { ClaimTasksHandler } from './plugin/tasks/claim-tasks/claim-tasks.handler';
import { ClaimTasksController } from './plugin/tasks/claim-tasks/claim-tasks.http';
import { DispatchPluginTaskHandler } from './plugin/tasks/dispatch-plugin-task/dispatch-plugin-task.handler';
import { DueTenants } from './plugin/tasks/due-tenants';
import { EndErasedPollsHandler } from './plugin/tasks/end-erased-polls/end-erased-polls.handler';
import { GetPluginTaskHandler, ListJobTasksHandler } from './plugin/tasks/get-plugin-task/get-plugin-task.handler';
import { PluginTasksRepository } from './plugin/tasks/plugin-tasks.repository';
import { RedispatchPluginTaskHandler } from './plugin/tasks/redispatch-plugin-task/redispatch-plugin-task.handler';
import { SubmitResultHandler } from './plugin/tasks/submit-result/submit-result.handler';
import { SubmitResultController } from './plugin/tasks/submit-result/submit-result.http';
import { SweepPluginTasksHandler } from './plugin/tasks/sweep-plugin-tasks/sweep-plugin-tasks.handler';
import {
  SweepPluginTasksProcessor,
  VINTED_SWEEPERS_QUEUE,
} from './plugin/tasks/sweep-plugin-tasks/sweep-plugin-tasks.processor';
import { TaskWakeUps } from './plugin/tasks/task-wake-ups';
import { VintedWebClient } from './vinted-web/vinted-web.client';

const handlers = [
  CreatePairingCodeHandler,
  ExchangePairingCodeHandler,
  ListDevicesHandler,
  RevokeDeviceHandler,
  HeartbeatHandler,
  GetVintedConnectionHandler,
  DispatchPluginTaskHandler,
  ClaimTasksHandler,
  SubmitResultHandler,
  CancelPluginTasksHandler,
  RedispatchPluginTaskHandler,
  GetPluginTaskHandler,
  ListJobTasksHandler,
  SweepPluginTasksHandler,
  RequestVintedJobsHandler,
  ListVintedJobsHandler,
  GetVintedJobHandler,
  CancelVintedJobHandler,
  RetryVintedJobHandler,
  ResumeVintedAccountHandler,
  PublishQuotaUsageHandler,
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
  PublishController,
  ListJobsController,
  GetJobController,
  CancelJobController,
  RetryJobController,
  ResumeVintedAccountController,
];

const providers = [
  ...handlers,
  PluginSettings,
  PluginTokens,
  PluginGuard,
  DevicesRepository,
  PluginTasksRepository,
  TaskWakeUps,
  DueTenants,
  VintedAccountRepository,
  VintedJobsRepository,
  VintedListingsRepository,
  VintedWebClient,
  JobSettings,
  JobScheduler,
  DueJobTenants,
  VintedJobRunner,
];

/** The saga's moving parts run in the worker only: task outcomes, catalog reactions, the step processor, the sweep. */
const workerProviders = [
  SweepPluginTasksProcessor,
  TaskOutcomeHandler,
  WithdrawOrUpdateHandler,
  EndErasedPollsHandler,
  VintedJobsSweeper,
  VintedJobsProcessor,
];

export interface VintedModuleOptions {
  /**
   * `api` serves the plugin bridge's and the jobs' routes; `worker` runs the VintedJob saga and the sweepers;
   * `cli` has the commands and queries only. All can dispatch tasks and queue job steps.
   */
  app: 'api' | 'worker' | 'cli';
}

/**
 * Vinted through the user's browser extension: pairing, the plugin task queue and its long-poll, and the VintedJob
 * saga that publishes, updates and withdraws listings one paced call at a time.
 */
@Module({})
export class VintedModule {
  static forRoot({ app }: VintedModuleOptions): DynamicModule {
    return {
      module: VintedModule,
      imports: [
        JwtModule.register({}),
        BullModule.registerQueue({ name: VINTED_JOBS_QUEUE }),
        ...(app === 'worker' ? [BullModule.registerQueue({ name: VINTED_SWEEPERS_QUEUE })] : []),
      ],
      controllers: app === 'api' ? controllers : [],
      providers: app === 'worker' ? [...providers, ...workerProviders] : providers,
    };
  }
}
