import { Command } from '@nestjs/cqrs';
import type { MessageSyncView } from '../message-syncs.repository';

/**
 * Reads the Vinted inbox through the extension, page by page with the usual pacing, up to the first conversation
 * not updated since it was last read, then each changed conversation, and stores their messages. A pass already
 * running is answered instead of a second one.
 */
export class SyncVintedMessagesCommand extends Command<MessageSyncView> {
  constructor(readonly userId: number) {
    super();
  }
}
