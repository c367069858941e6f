import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { PluginSettings } from '../../plugin-settings';
import { SweepPluginTasksCommand, SweepReport } from './sweep-plugin-tasks.command';

export const VINTED_SWEEPERS_QUEUE = 'vinted-sweepers';
export const SWEEP_PLUGIN_TASKS_JOB = 'sweep-plugin-tasks';

/** The worker's periodic sweep; the repeatable job is keyed, so several workers schedule it once. */
@Processor(VINTED_SWEEPERS_QUEUE)
export class SweepPluginTasksProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly commands: CommandBus,
    private readonly settings: PluginSettings,
    @InjectQueue(VINTED_SWEEPERS_QUEUE) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      SWEEP_PLUGIN_TASKS_JOB,
      {},
      {
        repeat: { every: this.settings.sweepEveryMs },
        jobId: SWEEP_PLUGIN_TASKS_JOB,
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  @Process(SWEEP_PLUGIN_TASKS_JOB)
  sweep(): Promise<SweepReport> {
    return this.commands.execute(new SweepPluginTasksCommand());
  }
}
