import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { DevicesRepository } from '../../plugin/devices/devices.repository';
import { PluginSettings } from '../../plugin/plugin-settings';
import { SyncVintedMessagesCommand } from './sync-vinted-messages.command';

export const VINTED_MESSAGES_QUEUE = 'vinted-messages';
const SYNC_ONLINE_ACCOUNTS = 'sync-online-accounts';

/**
 * The worker's schedule of Vinted messages, as the one of sales (OrdersScheduleProcessor): every
 * `messagesSyncEveryMs`, a pass over the inbox for each account whose extension is online (one already running is
 * joined). Keyed, so several workers schedule it once.
 */
@Processor(VINTED_MESSAGES_QUEUE)
export class MessagesScheduleProcessor implements OnApplicationBootstrap {
  private readonly log = new Logger(MessagesScheduleProcessor.name);

  constructor(
    private readonly commands: CommandBus,
    private readonly devices: DevicesRepository,
    private readonly settings: PluginSettings,
    @InjectQueue(VINTED_MESSAGES_QUEUE) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      SYNC_ONLINE_ACCOUNTS,
      {},
      {
        repeat: { every: this.settings.messagesSyncEveryMs },
        jobId: SYNC_ONLINE_ACCOUNTS,
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  @Process(SYNC_ONLINE_ACCOUNTS)
  async syncOnline(): Promise<{ accounts: number }> {
    const users = await this.devices.usersOnline(this.devices.em(), this.settings.onlineWithinMs);
    for (const userId of users) {
      await this.commands.execute(new SyncVintedMessagesCommand(userId)).catch((error: unknown) => {
        this.log.warn({ err: error, userId }, 'Could not start a pass over the Vinted inbox; the next schedule will');
      });
    }
    return { accounts: users.length };
  }
}
