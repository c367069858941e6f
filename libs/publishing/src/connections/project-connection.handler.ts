import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { MarketplaceConnectionChangedEvent } from './marketplace-connection-changed.event';

/**
 * Keeps `marketplace_connections` (the read model of `GET /api/marketplaces`) current. Events may come twice or
 * late: a row only ever moves to a newer event.
 */
@EventsHandler(MarketplaceConnectionChangedEvent)
export class ProjectConnectionHandler implements IEventHandler<MarketplaceConnectionChangedEvent> {
  private readonly log = new Logger(ProjectConnectionHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
  ) {}

  async handle(event: MarketplaceConnectionChangedEvent): Promise<void> {
    if (event.tenantId === null) return;
    const { connected, account, status, needs } = event.connection;
    try {
      await this.tenant.run(event.tenantId, () =>
        this.db.transaction((em) =>
          em.execute(
            `insert into marketplace_connections (marketplace, connected, account, status, needs, changed_at)
             values (?, ?, ?, ?, ?, ?)
             on conflict (marketplace) do update
               set connected = excluded.connected, account = excluded.account, status = excluded.status,
                   needs = excluded.needs, changed_at = excluded.changed_at
               where marketplace_connections.changed_at <= excluded.changed_at`,
            [event.marketplace, connected, account, status, needs, event.occurredAt],
            'run',
          ),
        ),
      );
    } catch (error) {
      this.log.error(
        { err: error, tenantId: event.tenantId, marketplace: event.marketplace },
        'Could not record a connection change',
      );
      throw error;
    }
  }
}
