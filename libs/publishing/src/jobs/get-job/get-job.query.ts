import { Query } from '@nestjs/cqrs';
import type { JobView } from '../marketplace-job';

/** One job of the tenant with its calls (404 for an unknown id or another tenant's job). */
export class GetJobQuery extends Query<JobView> {
  constructor(readonly jobId: string) {
    super();
  }
}
