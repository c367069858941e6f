import { Query } from '@nestjs/cqrs';
import type { Marketplace } from '@stoflow/catalog';
import type { Page } from '@stoflow/core';
import type { JobStatus, JobView } from '../marketplace-job';

export interface JobsFilter {
  status?: JobStatus;
  marketplace?: Marketplace;
  productId?: string;
  batchId?: string;
}

/** The tenant's jobs on every marketplace, newest first. */
export class ListJobsQuery extends Query<Page<JobView>> {
  constructor(
    readonly page: number,
    readonly limit: number,
    readonly filter: JobsFilter = {},
  ) {
    super();
  }
}
