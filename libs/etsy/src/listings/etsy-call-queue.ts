import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { SendCallPayload, SequenceCallQueue } from '@stoflow/publishing';
import type { Queue } from 'bull';

export const ETSY_CALLS_QUEUE = 'etsy-calls';

/** Etsy's sequences, handed to the worker on Etsy's own queue (withdrawals first). */
@Injectable()
export class EtsyCallQueue extends SequenceCallQueue {
  constructor(@InjectQueue(ETSY_CALLS_QUEUE) queue: Queue<SendCallPayload>) {
    super(queue, 'Etsy');
  }
}
