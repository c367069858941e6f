import { Logger } from '@nestjs/common';
import { CommandBus, EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { AdvanceJobCommand } from '@stoflow/publishing';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';

/**
 * A step's task ended (relayed from the outbox, at least once): the job takes its next step. Running the same
 * outcome twice is harmless, since the runner folds a call's result in only while the job still waits on it.
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class TaskOutcomeHandler implements IEventHandler<PluginTaskCompletedEvent | PluginTaskFailedEvent> {
  private readonly log = new Logger(TaskOutcomeHandler.name);

  constructor(private readonly commands: CommandBus) {}

  async handle(event: PluginTaskCompletedEvent | PluginTaskFailedEvent): Promise<void> {
    if (!event.jobId || event.tenantId === null) return;
    const { tenantId, jobId } = event;
    await this.commands.execute(new AdvanceJobCommand(tenantId, jobId)).catch((error: unknown) => {
      // The sweeper finds the job idle and runs the step again.
      this.log.error({ err: error, tenantId, jobId }, 'A Vinted job step failed');
    });
  }
}
