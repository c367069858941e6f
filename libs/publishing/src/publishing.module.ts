import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ListConnectionsHandler } from './connections/list-connections/list-connections.handler';
import { ListConnectionsController } from './connections/list-connections/list-connections.http';
import { ProjectConnectionHandler } from './connections/project-connection.handler';
import { AlertsController } from './alerts/alerts.http';
import { AlertsRepository } from './alerts/alerts.repository';
import { DismissAlertHandler } from './alerts/dismiss-alert/dismiss-alert.handler';
import { ListAlertsHandler } from './alerts/list-alerts/list-alerts.handler';
import { Drivers } from './driver/drivers';
import { FindOrderLinesHandler } from './orders/find-order-lines/find-order-lines.handler';
import { GetOrderHandler } from './orders/get-order/get-order.handler';
import { GetOrderController } from './orders/get-order/get-order.http';
import { ListOrdersHandler } from './orders/list-orders/list-orders.handler';
import { ListOrdersController } from './orders/list-orders/list-orders.http';
import { Order } from './orders/order.entity';
import { OrderSummaryHandler } from './orders/order-summary/order-summary.handler';
import { OrderSummaryController } from './orders/order-summary/order-summary.http';
import { ForgetMarketplaceOrdersHandler } from './orders/forget-marketplace-orders/forget-marketplace-orders.handler';
import { RecordOrderHandler } from './orders/record-order/record-order.handler';
import { RelistOnCancel } from './orders/record-order/relist-on-cancel';
import { AdvanceJobHandler } from './jobs/advance-job/advance-job.handler';
import { ResumeWaitingJobsHandler } from './jobs/advance-job/resume-waiting-jobs.handler';
import { CancelJobHandler } from './jobs/cancel-job/cancel-job.handler';
import { CancelJobController } from './jobs/cancel-job/cancel-job.http';
import { GetJobHandler } from './jobs/get-job/get-job.handler';
import { GetJobController } from './jobs/get-job/get-job.http';
import { JobSettings } from './jobs/job-settings';
import { ListJobsHandler } from './jobs/list-jobs/list-jobs.handler';
import { ListJobsController } from './jobs/list-jobs/list-jobs.http';
import { MarketplaceJob } from './jobs/marketplace-job.entity';
import { MarketplaceJobsRepository } from './jobs/marketplace-jobs.repository';
import { PublishQuotaUsageHandler } from './jobs/quota-usage/publish-quota-usage.handler';
import { PublishController } from './jobs/request-jobs/publish.http';
import { RequestJobsHandler } from './jobs/request-jobs/request-jobs.handler';
import { RetryJobHandler } from './jobs/retry-job/retry-job.handler';
import { RetryJobController } from './jobs/retry-job/retry-job.http';
import { DueJobTenants } from './jobs/runner/due-job-tenants';
import { DueJobsRebuild } from './jobs/runner/due-jobs-rebuild';
import { JobRunner } from './jobs/runner/job-runner';
import { JobScheduler, PUBLISHING_JOBS_QUEUE } from './jobs/runner/job-scheduler';
import { JobsProcessor } from './jobs/runner/jobs.processor';
import { JobsSweeper } from './jobs/runner/jobs.sweeper';
import { WithdrawOrUpdateHandler } from './reactions/withdraw-or-update.handler';

const handlers = [
  RequestJobsHandler,
  ListJobsHandler,
  GetJobHandler,
  CancelJobHandler,
  RetryJobHandler,
  PublishQuotaUsageHandler,
  AdvanceJobHandler,
  ResumeWaitingJobsHandler,
  ListConnectionsHandler,
  RecordOrderHandler,
  ForgetMarketplaceOrdersHandler,
  ListOrdersHandler,
  GetOrderHandler,
  FindOrderLinesHandler,
  OrderSummaryHandler,
  ListAlertsHandler,
  DismissAlertHandler,
];

const controllers = [
  PublishController,
  ListJobsController,
  GetJobController,
  CancelJobController,
  RetryJobController,
  ListConnectionsController,
  ListOrdersController,
  OrderSummaryController,
  GetOrderController,
  AlertsController,
];

const providers = [
  ...handlers,
  Drivers,
  MarketplaceJobsRepository,
  AlertsRepository,
  RelistOnCancel,
  JobSettings,
  JobScheduler,
  DueJobTenants,
  JobRunner,
];

/** The worker only: the step processor, the sweep, the catalog reactions, the connections read model. */
const workerProviders = [JobsProcessor, JobsSweeper, DueJobsRebuild, WithdrawOrUpdateHandler, ProjectConnectionHandler];

export interface PublishingModuleOptions {
  /** `api` serves the publish and jobs routes; `worker` runs jobs; `cli` has the commands and queries only. */
  app: 'api' | 'worker' | 'cli';
}

/**
 * What every marketplace shares: the publish routes, one jobs table and its runner, the daily publish quota and
 * the reactions to the catalog. Marketplaces plug in a driver (`@MarketplaceDriverFor`), found at start.
 */
@Module({})
export class PublishingModule {
  static forRoot({ app }: PublishingModuleOptions): DynamicModule {
    return {
      module: PublishingModule,
      imports: [
        DiscoveryModule,
        MikroOrmModule.forFeature([MarketplaceJob, Order]),
        BullModule.registerQueue({ name: PUBLISHING_JOBS_QUEUE }),
      ],
      controllers: app === 'api' ? controllers : [],
      providers: app === 'worker' ? [...providers, ...workerProviders] : providers,
    };
  }
}
