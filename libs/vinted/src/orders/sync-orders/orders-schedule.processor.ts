import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { DevicesRepository } from '../../plugin/devices/devices.repository';
import { OnlineAccountsSchedule, SYNC_ONLINE_ACCOUNTS } from '../../plugin/online-accounts-schedule';
import { PluginSettings } from '../../plugin/plugin-settings';
import { SyncVintedOrdersCommand } from './sync-vinted-orders.command';

export const VINTED_ORDERS_QUEUE = 'vinted-orders';

/**
 * The worker's schedule of Vinted sales: every `ordersSyncEveryMs`, a pass for each account whose extension is
 * online (a pass needs the extension; one already running is joined, and the schedule asks for no pass after it).
 */
@Processor(VINTED_ORDERS_QUEUE)
export class OrdersScheduleProcessor extends OnlineAccountsSchedule {
  constructor(
    commands: CommandBus,
    devices: DevicesRepository,
    settings: PluginSettings,
    @InjectQueue(VINTED_ORDERS_QUEUE) queue: Queue,
  ) {
    super({
      devices,
      settings,
      queue,
      everyMs: settings.ordersSyncEveryMs,
      what: 'Vinted sales',
      start: (userId) => commands.execute(new SyncVintedOrdersCommand(userId, false)),
    });
  }

  @Process(SYNC_ONLINE_ACCOUNTS)
  syncOnline(): Promise<{ accounts: number }> {
    return this.tick();
  }
}
