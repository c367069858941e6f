import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { VintedSeenDto } from '../list-devices/list-devices.dto';
import { GetVintedConnectionQuery, VintedConnection } from './get-connection.query';

class ExtensionSeenDto {
  @ApiProperty({ format: 'uuid' }) deviceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) version!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastSeenAt!: string | null;
}

class VintedQueueDto {
  @ApiProperty({ description: 'Calls to Vinted are on hold until the user acts' }) paused!: boolean;
  @ApiProperty({ nullable: true, enum: ['captcha', 'session-expired', 'blocked', 'account-changed'] }) reason!:
    string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Vinted asks for a captcha: solve it in your Vinted tab, then resume',
  })
  message!: string | null;
  @ApiProperty({ nullable: true, type: String }) pausedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Vinted asked to slow down: no call before then' })
  backoffUntil!: string | null;
}

export class VintedConnectionDto {
  @ApiProperty() paired!: boolean;
  @ApiProperty({ type: ExtensionSeenDto, nullable: true }) extension!: ExtensionSeenDto | null;
  @ApiProperty({ type: VintedSeenDto }) vinted!: VintedSeenDto;
  @ApiProperty({ type: VintedQueueDto }) queue!: VintedQueueDto;
}

@ApiTags('vinted')
@ApiBearerAuth('access-token')
@Controller('api/vinted')
export class GetVintedConnectionController {
  constructor(private readonly queries: QueryBus) {}

  @Get('connection')
  @ApiOkResponse({ type: VintedConnectionDto })
  get(@CurrentUser() user: AuthenticatedUser): Promise<VintedConnection> {
    return this.queries.execute(new GetVintedConnectionQuery(user.id));
  }
}
