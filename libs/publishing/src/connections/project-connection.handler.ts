import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { AlertsRepository } from '../alerts/alerts.repository';
import { MarketplaceConnectionChangedEvent } from './marketplace-connection-changed.event';

/**
 * Keeps `marketplace_connections` (the read model of `GET /api/marketplaces`) current. Events may come twice or
 * late: a row only ever moves to a newer event.
 */
/** Connection states that stop the seller's jobs until they act: each is an alert until it is over. */
const TROUBLE = new Set(['paused', 'expired', 'needs-reconnect']);

@EventsHandler(MarketplaceConnectionChangedEvent)
export class ProjectConnectionHandler implements IEventHandler<MarketplaceConnectionChangedEvent> {
  private readonly log = new Logger(ProjectConnectionHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly alerts: AlertsRepository,
  ) {}

  async handle(event: MarketplaceConnectionChangedEvent): Promise<void> {
    if (event.tenantId === null) return;
    const { connected, account, status, needs } = event.connection;
    try {
      await this.tenant.run(event.tenantId, () =>
        this.db.transaction(async (em) => {
          const changed = await em.execute<{ marketplace: string }[]>(
            `insert into marketplace_connections (marketplace, connected, account, status, needs, changed_at)
             values (?, ?, ?, ?, ?, ?)
             on conflict (marketplace) do update
               set connected = excluded.connected, account = excluded.account, status = excluded.status,
                   needs = excluded.needs, changed_at = excluded.changed_at
               where marketplace_connections.changed_at <= excluded.changed_at
             returning marketplace`,
            [event.marketplace, connected, account, status, needs, event.occurredAt],
          );
          // An older announcement arriving late changes nothing, alerts included.
          if (changed.length === 0) return;
          if (TROUBLE.has(status) && needs) {
            await this.alerts.raise(em, {
              kind: 'connection',
              subject: event.marketplace,
              message: `${event.marketplace}: ${needs}`,
              details: { marketplace: event.marketplace, status },
            });
          } else {
            await this.alerts.resolve(em, 'connection', event.marketplace);
          }
        }),
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
