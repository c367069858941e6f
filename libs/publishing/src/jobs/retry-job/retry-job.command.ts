import { Command } from '@nestjs/cqrs';
import type { JobView } from '../marketplace-job';

/** Runs a failed or expired job again from its last recorded step (409 for any other status). */
export class RetryJobCommand extends Command<JobView> {
  constructor(
    readonly userId: number,
    readonly jobId: string,
  ) {
    super();
  }
}
