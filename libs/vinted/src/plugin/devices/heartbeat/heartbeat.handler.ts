import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ResumeVintedAccountCommand } from '../../../account/resume-account/resume-account.command';
import { DevicesRepository } from '../devices.repository';
import { HeartbeatCommand } from './heartbeat.command';

@CommandHandler(HeartbeatCommand)
export class HeartbeatHandler implements ICommandHandler<HeartbeatCommand, void> {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly commands: CommandBus,
  ) {}

  async execute({ device, version, vinted }: HeartbeatCommand): Promise<void> {
    await this.devices.recordHeartbeat(this.devices.em(), device.deviceId, version, vinted);
    // Logged in again after an expired session: the queue goes on by itself (a captcha still waits for the user).
    if (vinted.loggedIn === true) {
      await this.commands.execute(new ResumeVintedAccountCommand(device.userId, ['session-expired']));
    }
  }
}
