import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@stoflow/core';
import { RefreshTokenDto } from '../refresh/refresh.dto';
import { LogoutCommand } from './logout.command';

@ApiTags('auth')
@Controller('api/auth')
export class LogoutController {
  constructor(private readonly commands: CommandBus) {}

  /** Public for the access guard: the refresh token in the body is the credential. */
  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The refresh token family is revoked' })
  @ApiUnauthorizedResponse({ description: 'Not a valid refresh token' })
  async logout(@Body() body: RefreshTokenDto): Promise<void> {
    await this.commands.execute(new LogoutCommand(body.refreshToken));
  }
}
