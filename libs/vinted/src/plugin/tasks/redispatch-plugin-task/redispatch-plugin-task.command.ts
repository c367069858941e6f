import { Command } from '@nestjs/cqrs';

/**
 * Sends a failed or timed-out task again (the saga's retry): it goes back to `pending` with a new deadline and
 * its next claim is a new attempt, so a late result for the old attempt is refused. 409 from any other status.
 */
export class RedispatchPluginTaskCommand extends Command<void> {
  constructor(
    readonly tenantId: number,
    readonly taskId: string,
    readonly deadline?: Date,
  ) {
    super();
  }
}
