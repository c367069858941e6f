import { Logger } from '@nestjs/common';
import { CommandBus, EventsHandler, IEventHandler, QueryBus } from '@nestjs/cqrs';
import { Marketplace, ProductDeletedEvent, ProductSoldEvent, ProductUpdatedEvent } from '@stoflow/catalog';
import { TenantContext } from '@stoflow/core';
import { Drivers } from '../driver/drivers';
import { findListingSnapshot } from '../find-listing-snapshot';
import { JobAction } from '../jobs/marketplace-job';
import { RequestJobsCommand } from '../jobs/request-jobs/request-jobs.command';

type CatalogEvent = ProductSoldEvent | ProductDeletedEvent | ProductUpdatedEvent;

/**
 * The catalog's news, as the marketplaces must see it. A product that sold out is withdrawn at once from every
 * marketplace **but the one it sold on** (that listing is sold there already): an item must never sell twice. A
 * product deleted, archived or at stock 0 is withdrawn everywhere. A listed product whose fields change is edited
 * where those fields show. Events arrive at least once: a repeated request answers the job not yet started, and a
 * marketplace where the product is not listed is skipped.
 */
@EventsHandler(ProductSoldEvent, ProductDeletedEvent, ProductUpdatedEvent)
export class WithdrawOrUpdateHandler implements IEventHandler<CatalogEvent> {
  private readonly log = new Logger(WithdrawOrUpdateHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly drivers: Drivers,
  ) {}

  async handle(event: CatalogEvent): Promise<void> {
    const tenantId = event.tenantId;
    if (tenantId === null) return;
    try {
      await this.tenant.run(tenantId, async () => {
        const { action, marketplaces } = await this.reactionTo(event);
        if (!action || marketplaces.length === 0) return;
        const version = event instanceof ProductUpdatedEvent ? event.version : undefined;
        await this.commands.execute(
          new RequestJobsCommand(tenantId, action, [event.productId], marketplaces, null, true, version),
        );
      });
    } catch (error) {
      this.log.error({ err: error, tenantId, productId: event.productId }, 'Could not queue the marketplace follow-up');
    }
  }

  private async reactionTo(event: CatalogEvent): Promise<{ action?: JobAction; marketplaces: Marketplace[] }> {
    const everywhere = this.drivers.all().map((d) => d.marketplace);
    if (event instanceof ProductSoldEvent) {
      return { action: 'delete', marketplaces: everywhere.filter((m) => m !== event.soldOn) };
    }
    if (event instanceof ProductDeletedEvent) return { action: 'delete', marketplaces: everywhere };
    // A change no marketplace shows (a setting such as relistOnCancel) asks nothing of them: relayed after a sale,
    // it would otherwise read the sold product and withdraw it from the marketplace it sold on too.
    const shown = (field: string) =>
      field === 'status' || field === 'stockQuantity' || this.drivers.all().some((d) => d.shownFields.has(field));
    if (!event.changed.some(shown)) return { marketplaces: [] };
    const snapshot = await findListingSnapshot(this.queries, event.productId);
    if (!snapshot) return { action: 'delete', marketplaces: everywhere };
    const { status, stockQuantity } = snapshot.product;
    if (status === 'archived' || status === 'sold' || stockQuantity === 0) {
      return { action: 'delete', marketplaces: everywhere.filter((m) => m !== event.soldOn) };
    }
    // A change read from a marketplace (an import) is already what that marketplace shows.
    const from = event instanceof ProductUpdatedEvent ? event.from : null;
    const shownOn = this.drivers
      .all()
      .filter((d) => d.marketplace !== from && event.changed.some((field) => d.shownFields.has(field)))
      .map((d) => d.marketplace);
    return { action: 'update', marketplaces: shownOn };
  }
}
