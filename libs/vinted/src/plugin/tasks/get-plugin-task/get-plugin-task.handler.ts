import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound, TenantContext, TenantDatabase } from '@stoflow/core';
import { PluginTaskView } from '../plugin-task';
import { PluginTasksRepository } from '../plugin-tasks.repository';
import { GetPluginTaskQuery, ListJobTasksQuery } from './get-plugin-task.query';

@QueryHandler(GetPluginTaskQuery)
export class GetPluginTaskHandler implements IQueryHandler<GetPluginTaskQuery, PluginTaskView> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
  ) {}

  async execute({ tenantId, taskId }: GetPluginTaskQuery): Promise<PluginTaskView> {
    const task = await this.tenant.run(tenantId, () =>
      this.db.transaction((em) => this.tasks.byId(em, taskId), { readOnly: true }),
    );
    if (!task) throw new NotFound('Plugin task', taskId);
    return task;
  }
}

@QueryHandler(ListJobTasksQuery)
export class ListJobTasksHandler implements IQueryHandler<ListJobTasksQuery, PluginTaskView[]> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
  ) {}

  execute({ tenantId, jobId }: ListJobTasksQuery): Promise<PluginTaskView[]> {
    return this.tenant.run(tenantId, () =>
      this.db.transaction((em) => this.tasks.byJob(em, jobId), { readOnly: true }),
    );
  }
}
