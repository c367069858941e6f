import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantDatabase, Unauthenticated } from '@stoflow/core';
import { PluginSettings } from '../../plugin-settings';
import { DueTenants } from '../due-tenants';
import { ClaimedTask } from '../plugin-task';
import { PluginTasksRepository } from '../plugin-tasks.repository';
import { TaskWakeUps } from '../task-wake-ups';
import { ClaimTasksCommand } from './claim-tasks.command';

@CommandHandler(ClaimTasksCommand)
export class ClaimTasksHandler implements ICommandHandler<ClaimTasksCommand, ClaimedTask[]> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
    private readonly wakeUps: TaskWakeUps,
    private readonly due: DueTenants,
    private readonly settings: PluginSettings,
  ) {}

  async execute({ device, waitSeconds, max, clientGone }: ClaimTasksCommand): Promise<ClaimedTask[]> {
    if (this.wakeUps.isClosing) return [];
    const until = Date.now() + waitSeconds * 1000;
    const listener = await this.wakeUps.listen(device.userId, device.deviceId);
    try {
      for (;;) {
        if (listener.revoked) throw new Unauthenticated('This device was revoked: pair it again');
        if (clientGone.aborted || this.wakeUps.isClosing) return [];
        const claimed = await this.claim(device, max);
        if (claimed.length > 0) return claimed;
        if (!(await listener.next(until - Date.now(), clientGone))) return [];
      }
    } finally {
      this.wakeUps.close(listener);
    }
  }

  private async claim({ userId, deviceId }: ClaimTasksCommand['device'], max: number): Promise<ClaimedTask[]> {
    const { leaseGraceMs, maxProcessingPerUser } = this.settings;
    const claimed = await this.db.transaction((em) =>
      this.tasks.claim(em, userId, deviceId, max, leaseGraceMs, maxProcessingPerUser),
    );
    if (claimed.length > 0) {
      // The sweeper must look at this tenant when the first lease runs out.
      const leaseEnd = Math.min(...claimed.map((t) => t.timeoutMs)) + leaseGraceMs;
      await this.due.mark(userId, new Date(Date.now() + leaseEnd));
    }
    return claimed;
  }
}
