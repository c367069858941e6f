import { Body, Controller, Delete, HttpCode } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../access/authenticated-user';
import { EraseAccountCommand } from './erase-account.command';
import { EraseAccountDto } from './erase-account.dto';

@ApiTags('auth')
@ApiBearerAuth('access-token')
@Controller('api/auth')
export class EraseAccountController {
  constructor(private readonly commands: CommandBus) {}

  @Delete('me')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Erased: tokens, tenant schema and role, marketplace credentials, the account' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: the password is wrong' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many password checks for this user' })
  async erase(@CurrentUser() user: AuthenticatedUser, @Body() body: EraseAccountDto): Promise<void> {
    await this.commands.execute(new EraseAccountCommand(user.id, body.password));
  }
}
