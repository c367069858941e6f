import { Command } from '@nestjs/cqrs';

export interface PurgeReport {
  tenants: number;
  productsPurged: number;
  failedTenants: { tenantId: number; error: string }[];
}

/** Deletes for good, in every tenant, the products soft-deleted more than `afterDays` ago, with their images and files. */
export class PurgeDeletedProductsCommand extends Command<PurgeReport> {
  constructor(readonly afterDays = 30) {
    super();
  }
}
