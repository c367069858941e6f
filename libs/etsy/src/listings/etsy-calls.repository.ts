import { Injectable } from '@nestjs/common';
import { SequenceCallRow, SequenceCallsRepository } from '@stoflow/publishing';
import type { EtsySequence } from './etsy-sequence';

export type EtsyCallRow = SequenceCallRow<EtsySequence>;

/** The calls Etsy jobs decide and the worker sends (`etsy_calls`), with each one's outcome. */
@Injectable()
export class EtsyCallsRepository extends SequenceCallsRepository<EtsySequence> {
  constructor() {
    super('etsy_calls');
  }
}
