import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { JobRunner } from '../runner/job-runner';
import { AdvanceJobCommand } from './advance-job.command';

@CommandHandler(AdvanceJobCommand)
export class AdvanceJobHandler implements ICommandHandler<AdvanceJobCommand, void> {
  constructor(private readonly runner: JobRunner) {}

  execute({ tenantId, jobId }: AdvanceJobCommand): Promise<void> {
    return this.runner.advance(tenantId, jobId);
  }
}
