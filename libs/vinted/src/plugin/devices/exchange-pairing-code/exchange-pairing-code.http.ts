import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { LimitPerIp, Public } from '@stoflow/core';
import { ExchangePairingCodeCommand } from './exchange-pairing-code.command';
import { ExchangePairingCodeDto, PluginTokenDto } from './exchange-pairing-code.dto';

@ApiTags('plugin')
@Controller('api/plugin')
export class ExchangePairingCodeController {
  constructor(private readonly commands: CommandBus) {}

  /** Public for the access guard: the one-use pairing code in the body is the credential. */
  @Post('tokens')
  @Public()
  @LimitPerIp('pairing', 'PAIRING_LIMIT_PER_IP', 'PAIRING_LIMIT_WINDOW_SECONDS')
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED per client IP (with code creation), with Retry-After' })
  @ApiCreatedResponse({ type: PluginTokenDto })
  @ApiUnauthorizedResponse({ description: 'The code is unknown, used or expired' })
  exchange(@Body() body: ExchangePairingCodeDto): Promise<PluginTokenDto> {
    return this.commands.execute(new ExchangePairingCodeCommand(body.code, body.name));
  }
}
