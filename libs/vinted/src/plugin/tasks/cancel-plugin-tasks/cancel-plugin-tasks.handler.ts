import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { PluginTasksRepository } from '../plugin-tasks.repository';
import { TaskWakeUps } from '../task-wake-ups';
import { CancelPluginTasksCommand } from './cancel-plugin-tasks.command';

@CommandHandler(CancelPluginTasksCommand)
export class CancelPluginTasksHandler implements ICommandHandler<CancelPluginTasksCommand, { cancelled: string[] }> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
    private readonly wakeUps: TaskWakeUps,
  ) {}

  async execute({ tenantId, filter }: CancelPluginTasksCommand): Promise<{ cancelled: string[] }> {
    if ('taskIds' in filter && filter.taskIds.length === 0) return { cancelled: [] };
    const rows = await this.tenant.run(tenantId, () => this.db.transaction((em) => this.tasks.cancel(em, filter)));
    // A cancelled processing task frees the user's slot.
    if (rows.length > 0) await this.wakeUps.notify(tenantId);
    return { cancelled: rows.map((r) => r.id) };
  }
}
