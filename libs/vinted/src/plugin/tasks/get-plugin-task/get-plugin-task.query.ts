import { Query } from '@nestjs/cqrs';
import type { PluginTaskView } from '../plugin-task';

/** One task with its status, lease and last result (404 when the tenant has no such task). */
export class GetPluginTaskQuery extends Query<PluginTaskView> {
  constructor(
    readonly tenantId: number,
    readonly taskId: string,
  ) {
    super();
  }
}

/** The tasks of one VintedJob, oldest first. */
export class ListJobTasksQuery extends Query<PluginTaskView[]> {
  constructor(
    readonly tenantId: number,
    readonly jobId: string,
  ) {
    super();
  }
}
