import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DevicesRepository } from '../devices.repository';
import { HeartbeatCommand } from './heartbeat.command';

@CommandHandler(HeartbeatCommand)
export class HeartbeatHandler implements ICommandHandler<HeartbeatCommand, void> {
  constructor(private readonly devices: DevicesRepository) {}

  async execute({ device, version, vinted }: HeartbeatCommand): Promise<void> {
    await this.devices.recordHeartbeat(this.devices.em(), device.deviceId, version, vinted);
  }
}
