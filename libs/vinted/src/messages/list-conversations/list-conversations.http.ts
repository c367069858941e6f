import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { Page, PageQuery } from '@stoflow/core';
import { ConversationPageDto } from '../conversations.dto';
import { ConversationSummary } from '../conversations.repository';
import { ListConversationsQuery } from './list-conversations.query';

@ApiTags('conversations')
@ApiBearerAuth('access-token')
@Controller('api/conversations')
export class ListConversationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Your Vinted conversations',
    description: 'Newest activity first, as last read from Vinted (POST /api/vinted/messages/sync).',
  })
  @ApiOkResponse({ type: ConversationPageDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() { page, limit }: PageQuery,
  ): Promise<Page<ConversationSummary>> {
    return this.queries.execute(new ListConversationsQuery(user.id, page, limit));
  }
}
