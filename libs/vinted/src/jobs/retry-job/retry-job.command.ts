import { Command } from '@nestjs/cqrs';
import type { JobView } from '../vinted-job';

/** Runs a failed or expired job again from its last recorded step (409 for any other status). */
export class RetryVintedJobCommand extends Command<JobView> {
  constructor(
    readonly userId: number,
    readonly jobId: string,
  ) {
    super();
  }
}
