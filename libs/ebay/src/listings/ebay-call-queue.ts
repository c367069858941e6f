import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { SendCallPayload, SequenceCallQueue } from '@stoflow/publishing';
import type { Queue } from 'bull';

export const EBAY_CALLS_QUEUE = 'ebay-calls';

/** eBay's sequences, handed to the worker on eBay's own queue (withdrawals first). */
@Injectable()
export class EbayCallQueue extends SequenceCallQueue {
  constructor(@InjectQueue(EBAY_CALLS_QUEUE) queue: Queue<SendCallPayload>) {
    super(queue, 'eBay');
  }
}
