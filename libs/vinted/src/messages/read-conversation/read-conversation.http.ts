import { Controller, Get, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { ConversationDto } from '../conversations.dto';
import { ConversationView } from '../conversations.repository';
import { ReadConversationCommand } from './read-conversation.command';

@ApiTags('conversations')
@ApiBearerAuth('access-token')
@Controller('api/conversations')
export class ReadConversationController {
  constructor(private readonly commands: CommandBus) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A conversation with its messages',
    description:
      'Oldest first; an offer is a message of kind `offer` with its price. Reading it marks it read in StoFlow ' +
      '(unreadCount 0).',
  })
  @ApiOkResponse({ type: ConversationDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such conversation of yours' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<ConversationView> {
    return this.commands.execute(new ReadConversationCommand(user.id, id));
  }
}
