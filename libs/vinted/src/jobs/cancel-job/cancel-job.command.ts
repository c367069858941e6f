import { Command } from '@nestjs/cqrs';
import type { JobView } from '../vinted-job';

/** Stops a pending or running job; its queued and running calls are withdrawn from the extension. */
export class CancelVintedJobCommand extends Command<JobView> {
  constructor(
    readonly userId: number,
    readonly jobId: string,
  ) {
    super();
  }
}
