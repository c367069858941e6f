import { Query } from '@nestjs/cqrs';
import type { Page } from '@stoflow/core';
import type { JobStatus, JobView } from '../vinted-job';

/** The tenant's jobs, newest first. */
export class ListVintedJobsQuery extends Query<Page<JobView>> {
  constructor(
    readonly page: number,
    readonly limit: number,
    readonly filter: { status?: JobStatus; productId?: string } = {},
  ) {
    super();
  }
}
