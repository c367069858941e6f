import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@stoflow/core';
import { SessionDto } from '../register/register.dto';
import { Session } from '../tokens/session-issuer';
import { RefreshCommand } from './refresh.command';
import { RefreshTokenDto } from './refresh.dto';

@ApiTags('auth')
@Controller('api/auth')
export class RefreshController {
  constructor(private readonly commands: CommandBus) {}

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto, description: 'A new pair; the presented refresh token is spent' })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired, revoked or reused (the family is then revoked)' })
  refresh(@Body() body: RefreshTokenDto): Promise<Session> {
    return this.commands.execute(new RefreshCommand(body.refreshToken));
  }
}
