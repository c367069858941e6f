import { Command } from '@nestjs/cqrs';

export interface SweepReport {
  tenants: number;
  timedOut: number;
}

/**
 * Marks `timeout` every task whose deadline (pending) or lease (processing) has passed, in the tenants that
 * have one due, and raises PluginTaskFailed (reason `timeout`) for each. Run periodically by the worker.
 */
export class SweepPluginTasksCommand extends Command<SweepReport> {}
