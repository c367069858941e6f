import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFound, TenantContext, TenantDatabase } from '@stoflow/core';
import { ConversationsRepository, ConversationView } from '../conversations.repository';
import { isConversationId } from '../conversation-id';
import { ReadConversationCommand } from './read-conversation.command';

@CommandHandler(ReadConversationCommand)
export class ReadConversationHandler implements ICommandHandler<ReadConversationCommand, ConversationView> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly conversations: ConversationsRepository,
  ) {}

  async execute({ userId, conversationId }: ReadConversationCommand): Promise<ConversationView> {
    const view = isConversationId(conversationId)
      ? await this.tenant.run(userId, () =>
          this.db.transaction(async (em) => {
            if (!(await this.conversations.lock(em, conversationId))) return undefined;
            await this.conversations.markRead(em, conversationId);
            return this.conversations.view(em, conversationId);
          }),
        )
      : undefined;
    if (!view) throw new NotFound('conversation', conversationId);
    return view;
  }
}
