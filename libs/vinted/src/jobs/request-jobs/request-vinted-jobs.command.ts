import { Command } from '@nestjs/cqrs';
import type { JobAction, JobView } from '../vinted-job';

/**
 * Queues one VintedJob per product, all or none (one transaction): `publish` checks stock, the product's
 * completeness for Vinted and the daily publish quota up front; `delete` withdraws what is listed (or being
 * listed); `update` re-sends a listed product. A request equal to a job that has not started yet answers that job.
 */
export class RequestVintedJobsCommand extends Command<JobView[]> {
  constructor(
    readonly userId: number,
    readonly action: JobAction,
    readonly productIds: string[],
    readonly batchId: string | null = null,
    /** Asked by a reaction to a catalog event (the product may be gone already): no 404, no refusal. */
    readonly automatic = false,
    /** For an automatic edit: the product version that changed (an item or a job already past it needs none). */
    readonly productVersion?: number,
  ) {
    super();
  }
}
