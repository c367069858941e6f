import { Command } from '@nestjs/cqrs';
import type { Marketplace } from '@stoflow/catalog';
import type { JobAction, JobView } from '../marketplace-job';

/**
 * Queues one job per product and marketplace, all or none (one transaction). `publish` asks every marketplace
 * first whether it can take each product (connected, complete for it) and checks the daily publish quota;
 * `delete` withdraws what is listed (or being listed); `update` re-sends a listed product. A request equal to a
 * job that has not started yet answers that job.
 */
export class RequestJobsCommand extends Command<JobView[]> {
  constructor(
    readonly userId: number,
    readonly action: JobAction,
    readonly productIds: string[],
    readonly marketplaces: Marketplace[],
    readonly batchId: string | null = null,
    /** Asked by a reaction to a catalog event (the product may be gone already): no 404, no refusal. */
    readonly automatic = false,
    /** For an automatic edit: the product version that changed (a listing or a job already past it needs none). */
    readonly productVersion?: number,
  ) {
    super();
  }
}
