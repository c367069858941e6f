import { VintedConnectionNews } from '../../../account/connection-news/vinted-connection-news';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { ResumeVintedAccountCommand } from '../../../account/resume-account/resume-account.command';
import { PauseReason, VintedAccountRepository } from '../../../account/vinted-account.repository';
import { DevicesRepository, VintedSeen } from '../devices.repository';
import { HeartbeatCommand } from './heartbeat.command';

const LOGGED_OUT = 'Your Vinted tab is logged out: log in to Vinted again in your browser';

const anotherAccount = (seen: VintedSeen) =>
  `Your Vinted tab is logged in as another account${seen.login ? ` (${seen.login})` : ''} than the one your ` +
  'listings are on: log in to that account again, or resume to move to this one';

/**
 * The extension is alive: its version and the Vinted session it sees are recorded, and the user's queue follows
 * that session. Logged out: calls are held before any comes back 401. Logged in as the account the listings live
 * on: a pause for an expired session or a switched account lifts by itself. Logged in as another account: calls
 * are held, since an edit or a delete would reach the wrong wardrobe (where "not found" would look like success).
 */
@CommandHandler(HeartbeatCommand)
export class HeartbeatHandler implements ICommandHandler<HeartbeatCommand, void> {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly commands: CommandBus,
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly account: VintedAccountRepository,
    private readonly news: VintedConnectionNews,
  ) {}

  async execute({ device, version, vinted }: HeartbeatCommand): Promise<void> {
    await this.devices.recordHeartbeat(this.devices.em(), device.deviceId, version, vinted);
    const lift = await this.tenant.run(device.userId, () =>
      this.db.transaction(async (em): Promise<PauseReason[]> => {
        if (!vinted.loggedIn) {
          await this.account.pause(em, 'session-expired', LOGGED_OUT);
          return [];
        }
        if (vinted.userId === undefined || vinted.userId === null) return ['session-expired'];
        const { vinted_user_id: known } = await this.account.lock(em);
        if (known === null) await this.account.adoptVintedUser(em, vinted.userId);
        else if (String(known) !== String(vinted.userId)) {
          await this.account.pause(em, 'account-changed', anotherAccount(vinted));
          return [];
        }
        return ['session-expired', 'account-changed'];
      }),
    );
    if (lift.length > 0) await this.commands.execute(new ResumeVintedAccountCommand(device.userId, lift));
    await this.news.announce(device.userId);
  }
}
