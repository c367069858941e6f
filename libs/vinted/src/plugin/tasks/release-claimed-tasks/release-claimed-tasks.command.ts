import { Command } from '@nestjs/cqrs';

/**
 * A long-poll that claimed these tasks was cut before its answer reached the extension: they go back to the queue
 * at once (their next claim is a new attempt) instead of waiting out their lease.
 */
export class ReleaseClaimedTasksCommand extends Command<string[]> {
  constructor(
    readonly userId: number,
    readonly tasks: { id: string; attempt: number }[],
  ) {
    super();
  }
}
