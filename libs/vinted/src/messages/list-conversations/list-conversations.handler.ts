import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, TenantContext, TenantDatabase } from '@stoflow/core';
import { ConversationsRepository, ConversationSummary } from '../conversations.repository';
import { ListConversationsQuery } from './list-conversations.query';

@QueryHandler(ListConversationsQuery)
export class ListConversationsHandler implements IQueryHandler<ListConversationsQuery, Page<ConversationSummary>> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly conversations: ConversationsRepository,
  ) {}

  execute({ userId, page, limit }: ListConversationsQuery): Promise<Page<ConversationSummary>> {
    return this.tenant.run(userId, () =>
      this.db.transaction((em) => this.conversations.list(em, page, limit), { readOnly: true }),
    );
  }
}
