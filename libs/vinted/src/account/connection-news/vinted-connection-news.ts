import { Injectable, Logger } from '@nestjs/common';
import { Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { MarketplaceConnection, MarketplaceConnectionChangedEvent } from '@stoflow/publishing';
import { isDeepStrictEqual } from 'node:util';
import { DeviceRow, DevicesRepository } from '../../plugin/devices/devices.repository';
import { AccountRow, VintedAccountRepository } from '../vinted-account.repository';

/**
 * Tells the publishing layer what the seller's Vinted connection looks like (`GET /api/marketplaces`) when it
 * changes: after a pairing, a revocation, a pause or its end, and at each heartbeat, which makes up for an
 * announcement lost in a crash. What was announced last is kept on the account row, so a change is announced once.
 */
@Injectable()
export class VintedConnectionNews {
  private readonly log = new Logger(VintedConnectionNews.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly devices: DevicesRepository,
    private readonly account: VintedAccountRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Never fails its caller (a pairing, a heartbeat): the next heartbeat announces what this one could not. */
  async announce(tenantId: number): Promise<void> {
    try {
      const device = await this.devices.latestOf(this.devices.em(), tenantId);
      await this.tenant.run(tenantId, () =>
        this.db.transaction(async (em) => {
          const account = await this.account.lock(em);
          const connection = vintedConnection(device, account);
          if (isDeepStrictEqual(account.announced_connection, connection)) return;
          await this.account.announced(em, connection);
          await this.outbox.add(em, new MarketplaceConnectionChangedEvent(tenantId, 'vinted', connection));
        }),
      );
    } catch (error) {
      this.log.warn({ err: error, tenantId }, 'Could not announce the Vinted connection; the next heartbeat will');
    }
  }
}

export const HOW_TO_CONNECT = 'Install the StoFlow extension in your browser and pair it with your account';

export function vintedConnection(device: DeviceRow | undefined, account: AccountRow): MarketplaceConnection {
  if (!device) {
    return {
      connected: false,
      account: null,
      status: 'not-connected',
      needs: HOW_TO_CONNECT,
    };
  }
  const login = device.vinted_login ?? (device.vinted_user_id ? String(device.vinted_user_id) : null);
  if (account.paused_reason) {
    return { connected: true, account: login, status: 'paused', needs: account.paused_message };
  }
  if (device.vinted_logged_in !== true) {
    return {
      connected: true,
      account: login,
      status: 'waiting-for-vinted',
      needs: 'Open Vinted in the browser where the StoFlow extension is installed, and log in',
    };
  }
  return { connected: true, account: login, status: 'connected', needs: null };
}
