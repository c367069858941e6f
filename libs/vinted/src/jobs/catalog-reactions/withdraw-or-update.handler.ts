import { Logger } from '@nestjs/common';
import { CommandBus, EventsHandler, IEventHandler, QueryBus } from '@nestjs/cqrs';
import { ProductDeletedEvent, ProductSoldEvent, ProductUpdatedEvent } from '@stoflow/catalog';
import { TenantContext } from '@stoflow/core';
import { findListingSnapshot } from '../../listings/find-listing-snapshot';
import { RequestVintedJobsCommand } from '../request-jobs/request-vinted-jobs.command';

/** Product fields that show on the Vinted item: a change to one of them is sent to Vinted. */
const SHOWN_ON_VINTED = new Set([
  'title',
  'description',
  'price',
  'currency',
  'brandId',
  'categoryId',
  'conditionId',
  'colorIds',
  'materialIds',
  'sizeId',
  'genderId',
  'fitId',
  'packageSize',
  'images',
]);

type CatalogEvent = ProductSoldEvent | ProductDeletedEvent | ProductUpdatedEvent;

/**
 * The catalog's news, as Vinted must see it: a product sold out, deleted or archived is withdrawn from Vinted at
 * once (an item sold elsewhere must not sell twice); a listed product whose shown fields or photos changed is
 * edited. Events arrive at least once: a repeated request answers the job not yet started.
 */
@EventsHandler(ProductSoldEvent, ProductDeletedEvent, ProductUpdatedEvent)
export class WithdrawOrUpdateHandler implements IEventHandler<CatalogEvent> {
  private readonly log = new Logger(WithdrawOrUpdateHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  async handle(event: CatalogEvent): Promise<void> {
    const tenantId = event.tenantId;
    if (tenantId === null) return;
    try {
      await this.tenant.run(tenantId, async () => {
        const action = await this.actionFor(event);
        if (action) {
          const version = event instanceof ProductUpdatedEvent ? event.version : undefined;
          await this.commands.execute(
            new RequestVintedJobsCommand(tenantId, action, [event.productId], null, true, version),
          );
        }
      });
    } catch (error) {
      this.log.error({ err: error, tenantId, productId: event.productId }, 'Could not queue the Vinted follow-up');
    }
  }

  private async actionFor(event: CatalogEvent): Promise<'delete' | 'update' | undefined> {
    if (event instanceof ProductSoldEvent || event instanceof ProductDeletedEvent) return 'delete';
    const snapshot = await findListingSnapshot(this.queries, event.productId);
    if (!snapshot) return 'delete';
    const { status, stockQuantity } = snapshot.product;
    if (status === 'archived' || status === 'sold' || stockQuantity === 0) return 'delete';
    return event.changed.some((field) => SHOWN_ON_VINTED.has(field)) ? 'update' : undefined;
  }
}
