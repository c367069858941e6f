import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { ResumeVintedAccountCommand } from '../../../account/resume-account/resume-account.command';
import { VintedAccountRepository } from '../../../account/vinted-account.repository';
import { DevicesRepository } from '../devices.repository';
import { HeartbeatCommand } from './heartbeat.command';

const LOGGED_OUT = 'Your Vinted tab is logged out: log in to Vinted again in your browser';

@CommandHandler(HeartbeatCommand)
export class HeartbeatHandler implements ICommandHandler<HeartbeatCommand, void> {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly commands: CommandBus,
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly account: VintedAccountRepository,
  ) {}

  async execute({ device, version, vinted }: HeartbeatCommand): Promise<void> {
    await this.devices.recordHeartbeat(this.devices.em(), device.deviceId, version, vinted);
    if (vinted.loggedIn === true) {
      // Logged in again after an expired session: the queue goes on by itself (a captcha still waits for the user).
      await this.commands.execute(new ResumeVintedAccountCommand(device.userId, ['session-expired']));
    } else if (vinted.loggedIn === false) {
      // Every call would come back 401: hold the queue now rather than spend a call to learn it.
      await this.tenant.run(device.userId, () =>
        this.db.transaction((em) => this.account.pause(em, 'session-expired', LOGGED_OUT)),
      );
    }
  }
}
