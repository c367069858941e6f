import { Command } from '@nestjs/cqrs';
import type { ConversationView } from '../conversations.repository';

/**
 * Opens one of the tenant's conversations: its messages, oldest first (offers as messages of kind `offer`), and
 * its unread count back to 0 in StoFlow (Vinted's own read marks are left alone). 404 for another tenant's.
 */
export class ReadConversationCommand extends Command<ConversationView> {
  constructor(
    readonly userId: number,
    readonly conversationId: string,
  ) {
    super();
  }
}
