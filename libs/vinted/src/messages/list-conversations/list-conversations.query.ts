import { Query } from '@nestjs/cqrs';
import type { Page } from '@stoflow/core';
import type { ConversationSummary } from '../conversations.repository';

/** The tenant's Vinted conversations, newest activity first, with their unread counts and last message. */
export class ListConversationsQuery extends Query<Page<ConversationSummary>> {
  constructor(
    readonly userId: number,
    readonly page: number,
    readonly limit: number,
  ) {
    super();
  }
}
