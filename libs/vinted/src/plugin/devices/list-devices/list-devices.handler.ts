import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DeviceView, toDeviceView } from '../device-view';
import { DevicesRepository } from '../devices.repository';
import { ListDevicesQuery } from './list-devices.query';

@QueryHandler(ListDevicesQuery)
export class ListDevicesHandler implements IQueryHandler<ListDevicesQuery, { items: DeviceView[] }> {
  constructor(private readonly devices: DevicesRepository) {}

  async execute({ userId }: ListDevicesQuery): Promise<{ items: DeviceView[] }> {
    const rows = await this.devices.listOf(this.devices.em(), userId);
    return { items: rows.map(toDeviceView) };
  }
}
