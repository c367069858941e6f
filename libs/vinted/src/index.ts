export { VintedModule, VintedModuleOptions } from './vinted.module';
// Plain types of the plugin task protocol
export {
  ClaimedTask,
  HttpMethod,
  PluginTaskStatus,
  PluginTaskView,
  TaskError,
  TaskResult,
} from './plugin/tasks/plugin-task';
// Commands
export { SweepPluginTasksCommand, SweepReport } from './plugin/tasks/sweep-plugin-tasks/sweep-plugin-tasks.command';
export {
  CreatePairingCodeCommand,
  PairingCode,
} from './plugin/devices/create-pairing-code/create-pairing-code.command';
export { ExchangePairingCodeCommand } from './plugin/devices/exchange-pairing-code/exchange-pairing-code.command';
export { RevokeDeviceCommand } from './plugin/devices/revoke-device/revoke-device.command';
// Queries
export { GetVintedConnectionQuery, VintedConnection } from './plugin/devices/get-connection/get-connection.query';
export { ListDevicesQuery } from './plugin/devices/list-devices/list-devices.query';
export { DeviceView } from './plugin/devices/device-view';
export { ResumeVintedAccountCommand } from './account/resume-account/resume-account.command';
export { SyncVintedOrdersCommand } from './orders/sync-orders/sync-vinted-orders.command';
export { SyncVintedMessagesCommand } from './messages/sync-messages/sync-vinted-messages.command';
export { ImportVintedWardrobeCommand } from './imports/import-wardrobe/import-vinted-wardrobe.command';
export { GetVintedImportQuery } from './imports/import-wardrobe/get-vinted-import.query';
export type { SkippedItem, VintedImportView } from './imports/vinted-imports.repository';
export type { PauseReason } from './account/vinted-account.repository';
export { RefreshVintedReferenceCommand } from './reference/refresh-reference/refresh-vinted-reference.command';
export {
  GetVintedReferenceDiffQuery,
  VintedReferenceDiffView,
} from './reference/reference-diff/get-vinted-reference-diff.query';
export {
  ApplyVintedReferenceCommand,
  VintedReferenceApplyResult,
} from './reference/apply-reference/apply-vinted-reference.command';
export type { ReferenceDiff } from './reference/reference-diff';
export type { ReferenceSnapshotView } from './reference/reference-snapshots.repository';
// Events
export { PluginTaskCompletedEvent, PluginTaskFailedEvent } from './plugin/tasks/plugin-task-events';
