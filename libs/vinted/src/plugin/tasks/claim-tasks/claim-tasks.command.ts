import { Command } from '@nestjs/cqrs';
import type { PluginCaller } from '../../access/plugin.guard';
import type { ClaimedTask } from '../plugin-task';

/**
 * The extension's long-poll: claims up to `max` ready tasks of its user, waiting up to `waitSeconds` for one
 * to be queued. Answers the claimed tasks, or none when the wait ended (timeout, client gone, shutdown).
 */
export class ClaimTasksCommand extends Command<ClaimedTask[]> {
  constructor(
    /** The token's user and hash: the handler checks the device (401 when revoked) before claiming. */
    readonly caller: PluginCaller,
    readonly waitSeconds: number,
    readonly max: number,
    readonly clientGone: AbortSignal,
  ) {
    super();
  }
}
