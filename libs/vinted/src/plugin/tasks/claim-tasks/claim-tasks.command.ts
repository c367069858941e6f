import { Command } from '@nestjs/cqrs';
import type { PluginDevice } from '../../access/plugin.guard';
import type { ClaimedTask } from '../plugin-task';

/**
 * The extension's long-poll: claims up to `max` ready tasks of its user, waiting up to `waitSeconds` for one
 * to be queued. Answers the claimed tasks, or none when the wait ended (timeout, client gone, shutdown).
 */
export class ClaimTasksCommand extends Command<ClaimedTask[]> {
  constructor(
    readonly device: PluginDevice,
    readonly waitSeconds: number,
    readonly max: number,
    readonly clientGone: AbortSignal,
  ) {
    super();
  }
}
