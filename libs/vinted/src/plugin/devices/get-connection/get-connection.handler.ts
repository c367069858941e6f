import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { VintedAccountRepository } from '../../../account/vinted-account.repository';
import { toDeviceView } from '../device-view';
import { DevicesRepository } from '../devices.repository';
import { GetVintedConnectionQuery, VintedConnection } from './get-connection.query';
import { isoOrNull } from '../../../iso-time';

@QueryHandler(GetVintedConnectionQuery)
export class GetVintedConnectionHandler implements IQueryHandler<GetVintedConnectionQuery, VintedConnection> {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly account: VintedAccountRepository,
  ) {}

  async execute({ userId }: GetVintedConnectionQuery): Promise<VintedConnection> {
    const [row, account] = await Promise.all([
      this.devices.latestOf(this.devices.em(), userId),
      this.tenant.run(userId, () => this.db.transaction((em) => this.account.read(em), { readOnly: true })),
    ]);
    const backoff = account.backoff_until && new Date(account.backoff_until) > new Date(account.now);
    const queue = {
      paused: account.paused_reason !== null,
      reason: account.paused_reason,
      message: account.paused_message,
      pausedAt: isoOrNull(account.paused_at),
      backoffUntil: backoff ? isoOrNull(account.backoff_until) : null,
    };
    if (!row) return { paired: false, extension: null, vinted: { loggedIn: false, userId: null, login: null }, queue };
    const device = toDeviceView(row);
    return {
      paired: true,
      extension: { deviceId: device.id, name: device.name, version: device.version, lastSeenAt: device.lastSeenAt },
      vinted: { ...device.vinted, loggedIn: device.vinted.loggedIn ?? false },
      queue,
    };
  }
}
