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
export {
  DispatchPluginTaskCommand,
  PluginTaskSpec,
} from './plugin/tasks/dispatch-plugin-task/dispatch-plugin-task.command';
export { CancelPluginTasksCommand } from './plugin/tasks/cancel-plugin-tasks/cancel-plugin-tasks.command';
export { RedispatchPluginTaskCommand } from './plugin/tasks/redispatch-plugin-task/redispatch-plugin-task.command';
export { SweepPluginTasksCommand, SweepReport } from './plugin/tasks/sweep-plugin-tasks/sweep-plugin-tasks.command';
export {
  CreatePairingCodeCommand,
  PairingCode,
} from './plugin/devices/create-pairing-code/create-pairing-code.command';
export { ExchangePairingCodeCommand } from './plugin/devices/exchange-pairing-code/exchange-pairing-code.command';
export { RevokeDeviceCommand } from './plugin/devices/revoke-device/revoke-device.command';
// Queries
export { GetPluginTaskQuery, ListJobTasksQuery } from './plugin/tasks/get-plugin-task/get-plugin-task.query';
export { GetVintedConnectionQuery, VintedConnection } from './plugin/devices/get-connection/get-connection.query';
export { ListDevicesQuery } from './plugin/devices/list-devices/list-devices.query';
export { DeviceView } from './plugin/devices/device-view';
export { ResumeVintedAccountCommand } from './account/resume-account/resume-account.command';
export type { PauseReason } from './account/vinted-account.repository';
// Events
export { PluginTaskCompletedEvent, PluginTaskFailedEvent } from './plugin/tasks/plugin-task-events';
