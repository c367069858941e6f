import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';
import { VintedJobRunner } from './vinted-job.runner';

/**
 * A step's task ended (relayed from the outbox, at least once): the job takes its next step. Running the same
 * outcome twice is harmless, since the runner folds a task's result in only while the job still waits on it.
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class TaskOutcomeHandler implements IEventHandler<PluginTaskCompletedEvent | PluginTaskFailedEvent> {
  private readonly log = new Logger(TaskOutcomeHandler.name);

  constructor(private readonly runner: VintedJobRunner) {}

  async handle(event: PluginTaskCompletedEvent | PluginTaskFailedEvent): Promise<void> {
    if (!event.jobId || event.tenantId === null) return;
    const { tenantId, jobId } = event;
    await this.runner.advance(tenantId, jobId).catch((error: unknown) => {
      // The sweeper finds the job idle and runs the step again.
      this.log.error({ err: error, tenantId, jobId }, 'A Vinted job step failed');
    });
  }
}
