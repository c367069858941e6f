import { Command } from '@nestjs/cqrs';
import type { JobView } from '../marketplace-job';

/** Stops a pending or running job; its queued and running calls are withdrawn. */
export class CancelJobCommand extends Command<JobView> {
  constructor(
    readonly userId: number,
    readonly jobId: string,
  ) {
    super();
  }
}
