import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { ConversationMessageDto, ReplyDto } from '../conversations.dto';
import { ConversationMessageView } from '../conversations.repository';
import { ReplyToConversationCommand } from './reply-to-conversation.command';

@ApiTags('conversations')
@ApiBearerAuth('access-token')
@Controller('api/conversations')
export class ReplyToConversationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/replies')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Answer a Vinted conversation',
    description:
      'The reply is posted on Vinted by the extension, paced like every Vinted call: it shows in the conversation ' +
      'as `pending`, then `sent` (or `failed` with the reason). A reply whose answer is lost is posted again only ' +
      'when the conversation, read again, does not show it.',
  })
  @ApiAcceptedResponse({ type: ConversationMessageDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: an empty body, or over 2,000 characters' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such conversation of yours' })
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONNECTED: no paired extension' })
  reply(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() dto: ReplyDto,
  ): Promise<ConversationMessageView> {
    return this.commands.execute(new ReplyToConversationCommand(user.id, id, dto.body));
  }
}
