export { PublishingModule, PublishingModuleOptions } from './publishing.module';
// The one port: a marketplace provides a driver, marked with the decorator (ADR 0005)
export { MarketplaceDriverFor } from './driver/marketplace-driver.decorator';
export type {
  AfterCommit,
  DriverJob,
  JobStateBase,
  ListedItem,
  MarketplaceDriver,
  StepDecision,
  StepInputs,
  StepOutcome,
} from './driver/marketplace-driver';
// Commands
export { RequestJobsCommand } from './jobs/request-jobs/request-jobs.command';
export { CancelJobCommand } from './jobs/cancel-job/cancel-job.command';
export { RetryJobCommand } from './jobs/retry-job/retry-job.command';
export { AdvanceJobCommand } from './jobs/advance-job/advance-job.command';
export { ResumeWaitingJobsCommand } from './jobs/advance-job/resume-waiting-jobs.command';
export { RecordOrderCommand } from './orders/record-order/record-order.command';
export { ForgetMarketplaceOrdersCommand } from './orders/forget-marketplace-orders/forget-marketplace-orders.command';
export { DismissAlertCommand } from './alerts/dismiss-alert/dismiss-alert.command';
// Queries
export { ListOrdersQuery, OrdersFilter } from './orders/list-orders/list-orders.query';
export { GetOrderQuery } from './orders/get-order/get-order.query';
export { FindOrderLinesQuery, type KnownOrderLine } from './orders/find-order-lines/find-order-lines.query';
export { MarketplaceSummary, OrderSummaryQuery } from './orders/order-summary/order-summary.query';
export { ListAlertsQuery } from './alerts/list-alerts/list-alerts.query';
export type { AlertView } from './alerts/alerts.repository';
export { ListJobsQuery, JobsFilter } from './jobs/list-jobs/list-jobs.query';
export { GetJobQuery } from './jobs/get-job/get-job.query';
export { ConnectionView, ListConnectionsQuery } from './connections/list-connections/list-connections.query';
// Events
export {
  MarketplaceConnection,
  MarketplaceConnectionChangedEvent,
} from './connections/marketplace-connection-changed.event';
export { ListingPublishedEvent, ListingWithdrawnEvent } from './listing.events';
// Plain types
export { ORDER_STATUSES, STOCK_OUTCOMES } from './orders/order';
export type { OrderLine, OrderStatus, OrderView, StockOutcome } from './orders/order';
export { JOB_ACTIONS, JOB_STATUSES, JOB_WAITINGS } from './jobs/marketplace-job';
export type { JobAction, JobCallView, JobError, JobStatus, JobView, JobWaiting } from './jobs/marketplace-job';
export {
  SequenceCallsRepository,
  sequenceCallViews,
  type SequenceCallRow,
  type SequenceCallStatus,
  type TrailEntry,
} from './sequences/sequence-calls.repository';
export { SEND_CALL, SequenceCallQueue, type SendCallPayload } from './sequences/sequence-call-queue';
export { SequenceDriver, type SequenceAccounts, type SequenceDriverParts } from './sequences/sequence-driver';
