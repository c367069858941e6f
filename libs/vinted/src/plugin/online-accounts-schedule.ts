import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { DevicesRepository } from './devices/devices.repository';
import { PluginSettings } from './plugin-settings';

/** The Bull job name of a schedule's tick, on each schedule's own queue. */
export const SYNC_ONLINE_ACCOUNTS = 'sync-online-accounts';

export interface OnlineAccountsScheduleParts {
  devices: DevicesRepository;
  settings: PluginSettings;
  queue: Queue;
  /** How often it ticks. */
  everyMs: number;
  /** What a pass reads, for the log: "Vinted sales". */
  what: string;
  /** Starts (or joins) the account's pass. */
  start(userId: number): Promise<unknown>;
}

/**
 * A pass that needs the extension, run for every account whose extension is online, every `everyMs` (Vinted's
 * sales, its inbox). The tick is a repeatable Bull job keyed by name, so several workers schedule it once. A
 * subclass is the queue's processor and calls `tick()` from its `@Process(SYNC_ONLINE_ACCOUNTS)` handler.
 */
export abstract class OnlineAccountsSchedule implements OnApplicationBootstrap {
  private readonly log: Logger;

  protected constructor(private readonly parts: OnlineAccountsScheduleParts) {
    this.log = new Logger(new.target.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.parts.queue.add(
      SYNC_ONLINE_ACCOUNTS,
      {},
      {
        repeat: { every: this.parts.everyMs },
        jobId: SYNC_ONLINE_ACCOUNTS,
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  protected async tick(): Promise<{ accounts: number }> {
    const { devices, settings } = this.parts;
    const users = await devices.usersOnline(devices.em(), settings.onlineWithinMs);
    for (const userId of users) {
      await this.parts.start(userId).catch((error: unknown) => {
        this.log.warn({ err: error, userId }, `Could not start a pass over ${this.parts.what}; the next schedule will`);
      });
    }
    return { accounts: users.length };
  }
}
