import { Query } from '@nestjs/cqrs';
import type { QuotaLimits } from './quota';

/**
 * The limits of a user's tier. Modules that consume a quota (catalog: products; publishing: marketplaces,
 * publishes per day) ask this and throw core's `QuotaExceeded(quota, limit, used)` themselves.
 */
export class GetQuotaQuery extends Query<QuotaLimits> {
  constructor(readonly userId: number) {
    super();
  }
}
