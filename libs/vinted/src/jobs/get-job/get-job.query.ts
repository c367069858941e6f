import { Query } from '@nestjs/cqrs';
import type { JobView } from '../vinted-job';

/** One job of the tenant with its tasks (404 for an unknown id or another tenant's job). */
export class GetVintedJobQuery extends Query<JobView> {
  constructor(readonly jobId: string) {
    super();
  }
}
