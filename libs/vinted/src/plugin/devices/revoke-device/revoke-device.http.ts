import { Controller, Delete, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { RevokeDeviceCommand } from './revoke-device.command';

@ApiTags('plugin')
@ApiBearerAuth('access-token')
@Controller('api/plugin')
export class RevokeDeviceController {
  constructor(private readonly commands: CommandBus) {}

  @Delete('devices/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: its plugin token no longer works' })
  @ApiNotFoundResponse({ description: 'No such live device of yours' })
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.commands.execute(new RevokeDeviceCommand(user.id, id));
  }
}
