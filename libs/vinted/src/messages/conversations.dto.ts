import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export const MAX_REPLY_LENGTH = 2000;

export class LastMessageDto {
  @ApiProperty({ description: 'The start of the message (an offer shows its price)' }) excerpt!: string;
  @ApiProperty({ enum: ['message', 'offer'] }) kind!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: string;
  @ApiProperty() sentAt!: string;
}

export class ConversationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "Vinted's id of the conversation" }) vintedId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The Vinted item it is about' }) itemId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The product listed as that item' })
  productId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The other user's display name" })
  counterpart!: string | null;
  @ApiProperty() unreadCount!: number;
  @ApiProperty({ nullable: true, type: LastMessageDto }) lastMessage!: LastMessageDto | null;
  @ApiProperty() updatedAt!: string;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationSummaryDto] }) items!: ConversationSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}

export class ConversationMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['message', 'offer'] }) kind!: string;
  @ApiProperty({ enum: ['in', 'out'], description: 'in: from the other user; out: yours' }) direction!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true, type: String, example: '12.50', description: "An offer's price" })
  price!: string | null;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty() sentAt!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed'], description: 'A reply is pending until Vinted has it' })
  status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why a reply failed' }) error!: string | null;
}

export class ConversationDto extends ConversationSummaryDto {
  @ApiProperty({ type: [ConversationMessageDto], description: 'Oldest first' }) messages!: ConversationMessageDto[];
}

export class ReplyDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_REPLY_LENGTH })
  @IsString()
  @MaxLength(MAX_REPLY_LENGTH)
  @Matches(/\S/, { message: 'body must not be empty' })
  body!: string;
}
