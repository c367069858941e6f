import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { LimitPerIp, Public } from '@stoflow/core';
import { RegisterCommand, RegisterResult } from './register.command';
import { RegisterDto, RegisteredDto } from './register.dto';

@ApiTags('auth')
@Controller('api/auth')
export class RegisterController {
  constructor(private readonly commands: CommandBus) {}

  @Post('register')
  @Public()
  @HttpCode(201)
  @LimitPerIp('register', 'REGISTER_LIMIT_PER_IP', 'REGISTER_LIMIT_WINDOW_SECONDS')
  @ApiCreatedResponse({ type: RegisteredDto, description: 'The account and its tenant exist' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: bad email, password not 12..128 characters' })
  @ApiConflictResponse({ description: 'CONFLICT: an account with this email exists' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED per client IP, with Retry-After' })
  register(@Body() body: RegisterDto): Promise<RegisterResult> {
    return this.commands.execute(new RegisterCommand(body.email, body.password));
  }
}
