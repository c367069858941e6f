import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { queueKeyedPass } from '@stoflow/core';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbayOrderSync, OrderPass } from './ebay-order-sync';
import { EBAY_ORDERS_QUEUE, OrdersPayload, SYNC_SELLER } from './ebay-orders-queue';

const SCHEDULE = 'schedule';
const SCHEDULE_EVERY_MS = 60_000;
/** Sellers started per tick: the rest wait for the next one, so one tick never floods the queue. */
const PER_TICK = 500;

/**
 * The worker's schedule of eBay order passes: every minute, the sellers whose next pass is due are queued (keyed
 * per seller, so a pass already waiting is not queued twice). Passes run a few at a time.
 */
@Processor(EBAY_ORDERS_QUEUE)
export class EbayOrdersProcessor implements OnApplicationBootstrap {
  private readonly log = new Logger(EbayOrdersProcessor.name);

  constructor(
    private readonly accounts: EbayAccountsRepository,
    private readonly sync: EbayOrderSync,
    @InjectQueue(EBAY_ORDERS_QUEUE) private readonly queue: Queue<OrdersPayload>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      SCHEDULE,
      { userId: 0 },
      {
        repeat: { every: SCHEDULE_EVERY_MS },
        jobId: SCHEDULE,
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  @Process(SCHEDULE)
  async schedule(): Promise<{ sellers: number }> {
    const due = await this.accounts.dueOrderSyncs(PER_TICK);
    for (const userId of due) {
      await queueKeyedPass(this.queue, SYNC_SELLER, `pass:${userId}`, { userId });
    }
    return { sellers: due.length };
  }

  @Process({ name: SYNC_SELLER, concurrency: 2 })
  async pass(job: Job<OrdersPayload>): Promise<OrderPass | undefined> {
    try {
      return await this.sync.pass(job.data.userId);
    } catch (error) {
      this.log.warn({ err: error, userId: job.data.userId }, 'An eBay order pass failed; it is tried again shortly');
      return undefined;
    }
  }
}
