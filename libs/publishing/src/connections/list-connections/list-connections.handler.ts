import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MARKETPLACES, Marketplace } from '@stoflow/catalog';
import { TenantDatabase } from '@stoflow/core';
import { Drivers } from '../../driver/drivers';
import { ConnectionView, ListConnectionsQuery } from './list-connections.query';

const LABELS: Record<Marketplace, string> = { vinted: 'Vinted', ebay: 'eBay', etsy: 'Etsy' };

interface ConnectionRow {
  marketplace: Marketplace;
  connected: boolean;
  account: string | null;
  status: string;
  needs: string | null;
}

@QueryHandler(ListConnectionsQuery)
export class ListConnectionsHandler implements IQueryHandler<ListConnectionsQuery, ConnectionView[]> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly drivers: Drivers,
  ) {}

  async execute(): Promise<ConnectionView[]> {
    const rows = await this.db.transaction(
      (em) =>
        em.execute<ConnectionRow[]>(
          'select marketplace, connected, account, status, needs from marketplace_connections',
        ),
      { readOnly: true },
    );
    const known = new Map(rows.map((r) => [r.marketplace, r]));
    return MARKETPLACES.map((marketplace) => {
      const driver = this.drivers.find(marketplace);
      const label = LABELS[marketplace];
      if (!driver?.configured) {
        return {
          marketplace,
          configured: false,
          connected: false,
          account: null,
          status: 'not-configured',
          needs: `${label} is not available on this StoFlow server yet: ask its operator to set it up`,
        };
      }
      const row = known.get(marketplace);
      return {
        marketplace,
        configured: true,
        connected: row?.connected ?? false,
        account: row?.account ?? null,
        status: row?.status ?? 'not-connected',
        needs: row ? row.needs : driver.howToConnect,
      };
    });
  }
}
