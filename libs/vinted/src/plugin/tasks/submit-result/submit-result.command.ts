import { Command } from '@nestjs/cqrs';
import type { PluginDevice } from '../../access/plugin.guard';
import type { TaskResult } from '../plugin-task';

/**
 * Records the extension's result for one attempt of a task it holds. Idempotent by (task, attempt): the same
 * result posted again changes nothing. A result for a task that is no longer this device's current attempt
 * (timed out, re-dispatched, cancelled, claimed by another device) is a 409.
 */
export class SubmitResultCommand extends Command<void> {
  constructor(
    readonly device: PluginDevice,
    readonly taskId: string,
    readonly result: TaskResult,
  ) {
    super();
  }
}
