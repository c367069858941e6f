import { Injectable, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DomainError, TenantContext, TenantDatabase } from '@stoflow/core';
import { Drivers } from '../../driver/drivers';
import { findListingSnapshot } from '../../find-listing-snapshot';
import { MarketplaceJobsRepository } from '../../jobs/marketplace-jobs.repository';
import { RequestJobsCommand } from '../../jobs/request-jobs/request-jobs.command';
import { Order } from '../order.entity';

/**
 * A cancelled order gave its units back: when the seller asked for it (`relistOnCancel`), the product is published
 * again on the marketplaces its selling out withdrew it from. The marketplace of the order is left to itself: the
 * cancellation is its own business there.
 */
@Injectable()
export class RelistOnCancel {
  private readonly log = new Logger(RelistOnCancel.name);

  constructor(
    private readonly db: TenantDatabase,
    private readonly context: TenantContext,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly jobs: MarketplaceJobsRepository,
    private readonly drivers: Drivers,
  ) {}

  async afterReturn(order: Order): Promise<void> {
    if (!order.productId) return;
    const snapshot = await findListingSnapshot(this.queries, order.productId);
    if (!snapshot?.product.relistOnCancel) return;
    const productId = order.productId;
    // From the marketplace's time of sale: the withdrawals its selling out caused come after it.
    const withdrawn = await this.db.transaction(
      (em) => this.jobs.withdrawnSince(em, productId, order.marketplace, order.soldAt),
      { readOnly: true },
    );
    const reachable = new Set(this.drivers.all().map((d) => d.marketplace));
    const tenantId = this.context.requireTenantId();
    // One request per marketplace: one that cannot take the product now (disconnected, quota) keeps none from the rest.
    for (const marketplace of withdrawn.filter((m) => reachable.has(m))) {
      try {
        await this.commands.execute(
          new RequestJobsCommand(tenantId, 'publish', [productId], [marketplace], null, true),
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.log.warn(
          { tenantId, productId, marketplace, reason: error.message },
          'Could not relist after a cancellation',
        );
      }
    }
  }
}
