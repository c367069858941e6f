import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { EBAY_DELETIONS_QUEUE, ErasePayload, ERASE } from './deletion-queue';
import { EraseEbayUser } from './erase-ebay-user';

/** Erases what a deletion notice names, after the notice was acknowledged (eBay wants a quick answer). */
@Processor(EBAY_DELETIONS_QUEUE)
export class EbayDeletionsProcessor {
  constructor(private readonly erase: EraseEbayUser) {}

  @Process(ERASE)
  run(job: Job<ErasePayload>): Promise<number> {
    return this.erase.notice(job.data.notificationId);
  }
}
