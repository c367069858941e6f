import { Injectable } from '@nestjs/common';
import { SequenceCallRow, SequenceCallsRepository } from '@stoflow/publishing';
import type { EbaySequence } from './ebay-sequence';

export type EbayCallRow = SequenceCallRow<EbaySequence>;

/** The calls eBay jobs decide and the worker sends (`ebay_calls`), with each one's outcome. */
@Injectable()
export class EbayCallsRepository extends SequenceCallsRepository<EbaySequence> {
  constructor() {
    super('ebay_calls');
  }
}
