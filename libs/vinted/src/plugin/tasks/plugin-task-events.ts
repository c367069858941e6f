import { DomainEvent, OutboxEvent } from '@stoflow/core';
import type { TaskError } from './plugin-task';

/** The extension ran the task's call and reported success (`ok`); `status` and `body` are Vinted's answer. */
@OutboxEvent('vinted.plugin-task-completed')
export class PluginTaskCompletedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly taskId: string,
    readonly jobId: string | null,
    readonly step: string | null,
    readonly attempt: number,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(tenantId, 'plugin-task', taskId);
  }
}

/**
 * The task ended without success: the extension reported a failure (`reason: 'error'`, with Vinted's status,
 * body and the extension's error), or its deadline or lease passed (`reason: 'timeout'`). The saga decides
 * whether to re-dispatch it.
 */
@OutboxEvent('vinted.plugin-task-failed')
export class PluginTaskFailedEvent extends DomainEvent {
  constructor(
    tenantId: number,
    readonly taskId: string,
    readonly jobId: string | null,
    readonly step: string | null,
    readonly attempt: number,
    readonly reason: 'error' | 'timeout',
    readonly status: number | null,
    readonly body: unknown,
    readonly error: TaskError | null,
  ) {
    super(tenantId, 'plugin-task', taskId);
  }
}
