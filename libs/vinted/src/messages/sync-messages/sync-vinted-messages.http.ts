import { Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { MessageSyncView } from '../message-syncs.repository';
import { SyncVintedMessagesCommand } from './sync-vinted-messages.command';

class MessageSyncDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: string;
  @ApiProperty() pagesRead!: number;
  @ApiProperty({ description: 'Conversations updated since they were last read' }) conversationsChanged!: number;
  @ApiProperty() conversationsRead!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

@ApiTags('vinted')
@ApiBearerAuth('access-token')
@Controller('api/vinted/messages')
export class SyncVintedMessagesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('sync')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Read your Vinted messages now',
    description:
      'Through the extension, paced like every Vinted call: the inbox up to the first conversation not updated ' +
      'since it was last read, then each changed conversation (GET /api/conversations). It also runs on its own ' +
      'while the extension is online. A pass already running is answered.',
  })
  @ApiAcceptedResponse({ type: MessageSyncDto })
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONNECTED: no paired extension' })
  sync(@CurrentUser() user: AuthenticatedUser): Promise<MessageSyncView> {
    return this.commands.execute(new SyncVintedMessagesCommand(user.id));
  }
}
