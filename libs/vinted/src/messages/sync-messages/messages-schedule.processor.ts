import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { DevicesRepository } from '../../plugin/devices/devices.repository';
import { OnlineAccountsSchedule, SYNC_ONLINE_ACCOUNTS } from '../../plugin/online-accounts-schedule';
import { PluginSettings } from '../../plugin/plugin-settings';
import { SyncVintedMessagesCommand } from './sync-vinted-messages.command';

export const VINTED_MESSAGES_QUEUE = 'vinted-messages';

/**
 * The worker's schedule of Vinted messages: every `messagesSyncEveryMs`, a pass over the inbox for each account
 * whose extension is online (one already running is joined).
 */
@Processor(VINTED_MESSAGES_QUEUE)
export class MessagesScheduleProcessor extends OnlineAccountsSchedule {
  constructor(
    commands: CommandBus,
    devices: DevicesRepository,
    settings: PluginSettings,
    @InjectQueue(VINTED_MESSAGES_QUEUE) queue: Queue,
  ) {
    super({
      devices,
      settings,
      queue,
      everyMs: settings.messagesSyncEveryMs,
      what: 'the Vinted inbox',
      start: (userId) => commands.execute(new SyncVintedMessagesCommand(userId)),
    });
  }

  @Process(SYNC_ONLINE_ACCOUNTS)
  syncOnline(): Promise<{ accounts: number }> {
    return this.tick();
  }
}
