import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toDeviceView } from '../device-view';
import { DevicesRepository } from '../devices.repository';
import { GetVintedConnectionQuery, VintedConnection } from './get-connection.query';

@QueryHandler(GetVintedConnectionQuery)
export class GetVintedConnectionHandler implements IQueryHandler<GetVintedConnectionQuery, VintedConnection> {
  constructor(private readonly devices: DevicesRepository) {}

  async execute({ userId }: GetVintedConnectionQuery): Promise<VintedConnection> {
    const row = await this.devices.latestOf(this.devices.em(), userId);
    if (!row) return { paired: false, extension: null, vinted: { loggedIn: false, userId: null, login: null } };
    const device = toDeviceView(row);
    return {
      paired: true,
      extension: { deviceId: device.id, name: device.name, version: device.version, lastSeenAt: device.lastSeenAt },
      vinted: { ...device.vinted, loggedIn: device.vinted.loggedIn ?? false },
    };
  }
}
