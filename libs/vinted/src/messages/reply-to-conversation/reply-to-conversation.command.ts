import { Command } from '@nestjs/cqrs';
import type { ConversationMessageView } from '../conversations.repository';

/**
 * Answers a Vinted conversation: the reply is stored as an outgoing message, `pending`, and posted on Vinted by
 * the extension as a plugin task; it turns `sent` when Vinted has it, or `failed` with the reason. A reply whose
 * answer was lost is never posted again blindly: the conversation is read first, and the reply posted again only
 * when it is not there. 404 for another tenant's conversation.
 */
export class ReplyToConversationCommand extends Command<ConversationMessageView> {
  constructor(
    readonly userId: number,
    readonly conversationId: string,
    readonly body: string,
  ) {
    super();
  }
}
