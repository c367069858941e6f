import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { BusinessRuleViolation, NotFound, TenantContext, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { GetVintedConnectionQuery } from '../../plugin/devices/get-connection/get-connection.query';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import { VintedWebClient } from '../../vinted-web/vinted-web.client';
import { isConversationId } from '../conversation-id';
import { ConversationMessageView, ConversationsRepository } from '../conversations.repository';
import { messageStep } from '../message-steps';
import { ReplyToConversationCommand } from './reply-to-conversation.command';

@CommandHandler(ReplyToConversationCommand)
export class ReplyToConversationHandler implements ICommandHandler<
  ReplyToConversationCommand,
  ConversationMessageView
> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly queries: QueryBus,
    private readonly conversations: ConversationsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async execute(command: ReplyToConversationCommand): Promise<ConversationMessageView> {
    const { userId, conversationId } = command;
    // Sent and kept trimmed: a reply is later recognised in the conversation by its text.
    const body = command.body.trim();
    const later: (() => Promise<unknown>)[] = [];
    const { paired } = await this.queries.execute(new GetVintedConnectionQuery(userId));
    const reply = isConversationId(conversationId)
      ? await this.tenant.run(userId, () =>
          this.db.transaction(async (em) => {
            const conversation = await this.conversations.lock(em, conversationId);
            if (!conversation) return undefined;
            if (!paired) {
              throw new BusinessRuleViolation(
                'MARKETPLACE_NOT_CONNECTED',
                'Vinted is not connected: pair the StoFlow extension again to answer your messages',
                [{ field: 'marketplace', issue: 'vinted is not connected', marketplace: 'vinted' }],
              );
            }
            const id = randomUUID();
            const call = this.web.replyToConversation(conversation.vintedId, body);
            const taskId = await this.queue.enqueue(
              em,
              userId,
              {
                step: messageStep({ kind: 'reply', messageId: id }),
                method: call.method,
                url: call.url,
                body: call.body,
                timeoutMs: call.timeoutMs,
              },
              { later: (work) => later.push(work) },
            );
            await this.conversations.addReply(em, id, conversationId, body, taskId);
            return this.conversations.message(em, id);
          }),
        )
      : undefined;
    if (!reply) throw new NotFound('conversation', conversationId);
    await Promise.all(later.map((work) => work()));
    return reply;
  }
}
