import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { PluginTasksRepository } from '../plugin-tasks.repository';
import { TaskWakeUps } from '../task-wake-ups';
import { ReleaseClaimedTasksCommand } from './release-claimed-tasks.command';

/** Answers the ids released (a task whose attempt moved on meanwhile stays as it is). */
@CommandHandler(ReleaseClaimedTasksCommand)
export class ReleaseClaimedTasksHandler implements ICommandHandler<ReleaseClaimedTasksCommand, string[]> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
    private readonly wakeUps: TaskWakeUps,
  ) {}

  async execute({ userId, tasks }: ReleaseClaimedTasksCommand): Promise<string[]> {
    const released = await this.tenant.run(userId, () => this.db.transaction((em) => this.tasks.release(em, tasks)));
    if (released.length > 0) await this.wakeUps.notify(userId);
    return released;
  }
}
