import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { firstDelivery, TenantContext, TenantDatabase } from '@stoflow/core';
import { MarketplaceListingChangedEvent } from './marketplace-listing-changed.event';

/** Keeps `product_listing` (the `listings` of a product) in step with the marketplaces' events. */
@EventsHandler(MarketplaceListingChangedEvent)
export class ProjectListingHandler implements IEventHandler<MarketplaceListingChangedEvent> {
  constructor(
    private readonly context: TenantContext,
    private readonly db: TenantDatabase,
  ) {}

  async handle(event: MarketplaceListingChangedEvent): Promise<void> {
    if (event.tenantId === null) return;
    await this.context.run(event.tenantId, () =>
      this.db.transaction(async (em) => {
        if (!(await firstDelivery(em, ProjectListingHandler.name, event.eventId))) return;
        // An older event delivered late must not overwrite a newer state; a purged product has no listings.
        await em.execute(
          `insert into product_listing (product_id, marketplace, status, external_id, url, last_error, updated_at)
           select p.id, ?, ?, ?, ?, ?, ? from product p where p.id = ?
           on conflict (product_id, marketplace) do update set status = excluded.status,
             external_id = excluded.external_id, url = excluded.url, last_error = excluded.last_error,
             updated_at = excluded.updated_at
           where product_listing.updated_at <= excluded.updated_at`,
          [
            event.marketplace,
            event.status,
            event.externalId,
            event.url,
            event.lastError,
            event.occurredAt,
            event.productId,
          ],
          'run',
        );
      }),
    );
  }
}
