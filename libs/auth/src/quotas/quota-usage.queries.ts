import { Query } from '@nestjs/cqrs';

/**
 * Usage is reported by the module that owns it, never read by auth from another module's tables: the catalog
 * handles `ProductQuotaUsageQuery` (live products of the user), the publishing side `PublishQuotaUsageQuery`
 * (publishes since UTC midnight). Both run inside the user's tenant context. Until a module handles one,
 * /me shows 0 for it.
 */
export class ProductQuotaUsageQuery extends Query<number> {
  constructor(readonly userId: number) {
    super();
  }
}

export class PublishQuotaUsageQuery extends Query<number> {
  constructor(readonly userId: number) {
    super();
  }
}
