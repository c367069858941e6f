import { VintedConnectionNews } from '../../../account/connection-news/vinted-connection-news';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFound } from '@stoflow/core';
import { TaskWakeUps } from '../../tasks/task-wake-ups';
import { DevicesRepository } from '../devices.repository';
import { RevokeDeviceCommand } from './revoke-device.command';

@CommandHandler(RevokeDeviceCommand)
export class RevokeDeviceHandler implements ICommandHandler<RevokeDeviceCommand, void> {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly wakeUps: TaskWakeUps,
    private readonly news: VintedConnectionNews,
  ) {}

  async execute({ userId, deviceId }: RevokeDeviceCommand): Promise<void> {
    if (!(await this.devices.revoke(this.devices.em(), userId, deviceId))) throw new NotFound('Device', deviceId);
    await this.wakeUps.notifyRevoked(userId, deviceId);
    await this.news.announce(userId);
  }
}
