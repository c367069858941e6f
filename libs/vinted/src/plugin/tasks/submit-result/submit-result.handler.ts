import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Conflict, NotFound, Outbox, TenantDatabase } from '@stoflow/core';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../plugin-task-events';
import { LockedTask, PluginTasksRepository } from '../plugin-tasks.repository';
import { TaskWakeUps } from '../task-wake-ups';
import { SubmitResultCommand } from './submit-result.command';

type Outcome = 'recorded' | 'duplicate' | 'lease-expired';

@CommandHandler(SubmitResultCommand)
export class SubmitResultHandler implements ICommandHandler<SubmitResultCommand, void> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
    private readonly outbox: Outbox,
    private readonly wakeUps: TaskWakeUps,
  ) {}

  async execute({ device, taskId, result }: SubmitResultCommand): Promise<void> {
    const outcome = await this.db.transaction<Outcome>(async (em) => {
      const task = await this.tasks.lockForResult(em, taskId);
      if (!task) throw new NotFound('Plugin task', taskId);
      if (isDuplicate(task, device.deviceId, result.attempt)) return 'duplicate';
      if (task.status !== 'processing' || task.attempt !== result.attempt || task.deviceId !== device.deviceId) {
        throw notYours(task);
      }
      if (task.leaseExpired) {
        // Too late: the call may have been given up on. Close it as timed out; the saga decides what follows.
        await this.tasks.expire(em, [task.id]);
        await this.outbox.add(em, failed(device.userId, task, 'timeout'));
        return 'lease-expired';
      }
      await this.tasks.recordResult(em, task.id, result);
      await this.outbox.add(
        em,
        result.ok
          ? new PluginTaskCompletedEvent(
              device.userId,
              task.id,
              task.jobId,
              task.step,
              task.attempt,
              result.status,
              result.body ?? null,
            )
          : failed(device.userId, task, 'error', result),
      );
      return 'recorded';
    });
    // A finished task frees the user's slot: let a waiting poll claim the next one.
    if (outcome !== 'duplicate') await this.wakeUps.notify(device.userId);
    if (outcome === 'lease-expired') throw new Conflict(`Task ${taskId} timed out before its result arrived`);
  }
}

function isDuplicate(task: LockedTask, deviceId: string, attempt: number): boolean {
  return (
    (task.status === 'completed' || task.status === 'failed') &&
    task.resultAttempt === attempt &&
    task.attempt === attempt &&
    task.deviceId === deviceId
  );
}

function notYours(task: LockedTask): Conflict {
  return new Conflict(`Task ${task.id} is no longer yours to answer (it is ${task.status}, attempt ${task.attempt})`, [
    { field: 'attempt', issue: 'not the current attempt of a task this device holds', status: task.status },
  ]);
}

function failed(
  tenantId: number,
  task: LockedTask,
  reason: 'error' | 'timeout',
  result?: SubmitResultCommand['result'],
): PluginTaskFailedEvent {
  return new PluginTaskFailedEvent(
    tenantId,
    task.id,
    task.jobId,
    task.step,
    task.attempt,
    reason,
    result?.status ?? null,
    result?.body ?? null,
    result?.error ?? null,
  );
}
