import { Command } from '@nestjs/cqrs';

/**
 * A job's call has an outcome (or the job may move again): its next step runs now, in the runner's transaction.
 * Asked by a marketplace module when a call it sent ends; running it twice is harmless.
 */
export class AdvanceJobCommand extends Command<void> {
  constructor(
    readonly tenantId: number,
    readonly jobId: string,
  ) {
    super();
  }
}
