import { Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { GetVintedConnectionQuery, VintedConnection } from '../../plugin/devices/get-connection/get-connection.query';
import { VintedConnectionDto } from '../../plugin/devices/get-connection/get-connection.http';
import { ResumeVintedAccountCommand } from './resume-account.command';

@ApiTags('vinted')
@ApiBearerAuth('access-token')
@Controller('api/vinted')
export class ResumeVintedAccountController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** "I solved the captcha" / "I logged in again": the paused queue goes on, from the call that was refused. */
  @Post('connection/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: VintedConnectionDto, description: 'The connection after resuming (idempotent)' })
  async resume(@CurrentUser() user: AuthenticatedUser): Promise<VintedConnection> {
    await this.commands.execute(new ResumeVintedAccountCommand(user.id));
    return this.queries.execute(new GetVintedConnectionQuery(user.id));
  }
}
