import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase, ValidationFailed } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { PluginSettings } from '../../plugin-settings';
import { DueTenants } from '../due-tenants';
import { HTTP_METHODS } from '../plugin-task';
import { PluginTasksRepository } from '../plugin-tasks.repository';
import { TaskWakeUps } from '../task-wake-ups';
import { DispatchPluginTaskCommand, PluginTaskSpec } from './dispatch-plugin-task.command';

@CommandHandler(DispatchPluginTaskCommand)
export class DispatchPluginTaskHandler implements ICommandHandler<DispatchPluginTaskCommand, { taskId: string }> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
    private readonly wakeUps: TaskWakeUps,
    private readonly due: DueTenants,
    private readonly settings: PluginSettings,
  ) {}

  async execute({ tenantId, task }: DispatchPluginTaskCommand): Promise<{ taskId: string }> {
    check(task);
    const id = task.id ?? randomUUID();
    const deadline = task.deadline ?? new Date(Date.now() + this.settings.defaultTaskTtlMs);
    const { sql, params } = this.tasks.insertStatement({
      id,
      jobId: task.jobId ?? null,
      step: task.step ?? null,
      method: task.method,
      url: task.url,
      headers: task.headers ?? {},
      body: task.body,
      timeoutMs: task.timeoutMs ?? this.settings.defaultTaskTimeoutMs,
      deadline,
    });
    // One statement: one round trip, committed when it answers.
    await this.tenant.run(tenantId, () => this.db.script(sql, params));
    // After commit: a woken poll must find the row.
    await Promise.all([this.wakeUps.notify(tenantId), this.due.mark(tenantId, deadline)]);
    return { taskId: id };
  }
}

function check(task: PluginTaskSpec): void {
  const issues: string[] = [];
  if (!HTTP_METHODS.includes(task.method)) issues.push(`method must be one of ${HTTP_METHODS.join(', ')}`);
  if (typeof task.url !== 'string' || !task.url.startsWith('/')) issues.push('url must be a path on the Vinted origin');
  if (task.timeoutMs !== undefined && !(task.timeoutMs >= 1000 && task.timeoutMs <= 600_000))
    issues.push('timeoutMs must be between 1000 and 600000');
  if (issues.length > 0)
    throw new ValidationFailed(
      'This plugin task is malformed',
      issues.map((issue) => ({ issue })),
    );
}
