import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IllegalTransition, NotFound, TenantContext, TenantDatabase } from '@stoflow/core';
import { PluginSettings } from '../../plugin-settings';
import { DueTenants } from '../due-tenants';
import { PluginTasksRepository } from '../plugin-tasks.repository';
import { TaskWakeUps } from '../task-wake-ups';
import { RedispatchPluginTaskCommand } from './redispatch-plugin-task.command';

@CommandHandler(RedispatchPluginTaskCommand)
export class RedispatchPluginTaskHandler implements ICommandHandler<RedispatchPluginTaskCommand, void> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
    private readonly wakeUps: TaskWakeUps,
    private readonly due: DueTenants,
    private readonly settings: PluginSettings,
  ) {}

  async execute({ tenantId, taskId, deadline }: RedispatchPluginTaskCommand): Promise<void> {
    const until = deadline ?? new Date(Date.now() + this.settings.defaultTaskTtlMs);
    await this.tenant.run(tenantId, () =>
      this.db.transaction(async (em) => {
        if (await this.tasks.redispatch(em, taskId, until)) return;
        const task = await this.tasks.byId(em, taskId);
        if (!task) throw new NotFound('Plugin task', taskId);
        throw new IllegalTransition('A plugin task', task.status, 'pending');
      }),
    );
    await Promise.all([this.wakeUps.notify(tenantId), this.due.mark(tenantId, until)]);
  }
}
