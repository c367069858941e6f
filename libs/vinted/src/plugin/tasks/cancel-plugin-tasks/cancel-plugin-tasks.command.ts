import { Command } from '@nestjs/cqrs';

/**
 * Withdraws pending and processing tasks (of one job, or the given ids) from the extension: they are never
 * handed out again, and a result that arrives for them is refused (409). Answers the ids it cancelled.
 */
export class CancelPluginTasksCommand extends Command<{ cancelled: string[] }> {
  constructor(
    readonly tenantId: number,
    readonly filter: { jobId: string } | { taskIds: string[] },
  ) {
    super();
  }
}
