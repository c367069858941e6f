import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { PurgeDeletedProductsCommand, PurgeReport } from './purge-deleted-products.command';

export const CATALOG_SWEEPERS_QUEUE = 'catalog-sweepers';
export const PURGE_DELETED_PRODUCTS_JOB = 'purge-deleted-products';
/** Every night at 03:17 UTC (off the hour, when other sweepers tend to run). */
export const PURGE_DELETED_PRODUCTS_CRON = '17 3 * * *';

/** The worker's nightly purge; the repeatable job is keyed, so several workers schedule it once. */
@Processor(CATALOG_SWEEPERS_QUEUE)
export class PurgeDeletedProductsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly commands: CommandBus,
    @InjectQueue(CATALOG_SWEEPERS_QUEUE) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      PURGE_DELETED_PRODUCTS_JOB,
      {},
      { repeat: { cron: PURGE_DELETED_PRODUCTS_CRON, tz: 'UTC' }, jobId: PURGE_DELETED_PRODUCTS_JOB, attempts: 1 },
    );
  }

  @Process(PURGE_DELETED_PRODUCTS_JOB)
  purge(): Promise<PurgeReport> {
    return this.commands.execute(new PurgeDeletedProductsCommand());
  }
}
