import { Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiProperty, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { LimitPerIp } from '@stoflow/core';
import { CreatePairingCodeCommand, PairingCode } from './create-pairing-code.command';

class PairingCodeDto {
  @ApiProperty({ example: 'K7QMX-4TZPW' }) code!: string;
  @ApiProperty({ example: '2026-11-25T10:10:00.000Z' }) expiresAt!: string;
}

@ApiTags('plugin')
@ApiBearerAuth('access-token')
@Controller('api/plugin')
export class CreatePairingCodeController {
  constructor(private readonly commands: CommandBus) {}

  @Post('pairing-codes')
  @LimitPerIp('pairing', 'PAIRING_LIMIT_PER_IP', 'PAIRING_LIMIT_WINDOW_SECONDS')
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED per client IP, with Retry-After' })
  @ApiCreatedResponse({ type: PairingCodeDto, description: 'One use, valid 10 minutes' })
  create(@CurrentUser() user: AuthenticatedUser): Promise<PairingCode> {
    return this.commands.execute(new CreatePairingCodeCommand(user.id));
  }
}
