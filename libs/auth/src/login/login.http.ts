import { Body, Controller, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@stoflow/core';
import { SessionDto } from '../register/register.dto';
import { Session } from '../tokens/session-issuer';
import { LoginCommand } from './login.command';
import { LoginDto } from './login.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('auth')
@Controller('api/auth')
export class LoginController {
  constructor(private readonly commands: CommandBus) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: same body for unknown email, wrong password, disabled' })
  @ApiTooManyRequestsResponse({
    description: 'RATE_LIMITED, per IP and per email (failures; see the README for the rule), with Retry-After',
  })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<Session> {
    return this.commands.execute(new LoginCommand(body.email, body.password, ip));
  }
}
