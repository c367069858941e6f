import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { AppConfig, DomainError, Public } from '@stoflow/core';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { EtsyConfiguredGuard } from '../access/etsy-configured.guard';
import { CompleteEtsyConnectCommand, ConnectEtsyCommand, EtsyConsentOutcome } from './connect-etsy.command';

class CallbackQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4096) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) error?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) error_description?: string;
}

@ApiTags('etsy')
@Controller('api/etsy')
@UseGuards(EtsyConfiguredGuard)
export class EtsyConnectController {
  private readonly dashboard: string | undefined;

  constructor(
    private readonly commands: CommandBus,
    config: AppConfig,
  ) {
    this.dashboard = config.DASHBOARD_URL;
  }

  @Get('connect')
  @ApiBearerAuth('access-token')
  @ApiOperation({
    summary: 'Start connecting your Etsy shop',
    description: "Answers Etsy's consent page (OAuth2 with PKCE); the link works once, for you only, for 10 minutes.",
  })
  @ApiOkResponse({ description: '{authorizationUrl}' })
  connect(@CurrentUser() user: AuthenticatedUser): Promise<{ authorizationUrl: string }> {
    return this.commands.execute(new ConnectEtsyCommand(user.id));
  }

  /** Public for the access guard: the single-use state, bound server-side to the user, is the credential. */
  @Get('callback')
  @Public()
  @ApiOperation({ summary: "Where Etsy's consent page sends the seller back" })
  @ApiOkResponse({ description: '{marketplace, status, account}' })
  @ApiFoundResponse({ description: 'To DASHBOARD_URL with the outcome, when set' })
  @ApiBadRequestResponse({ description: 'MARKETPLACE_CONSENT_FAILED' })
  async callback(@Query() query: CallbackQuery, @Res() reply: FastifyReply): Promise<void> {
    let outcome: EtsyConsentOutcome;
    try {
      outcome = await this.commands.execute(new CompleteEtsyConnectCommand(query.state, query.code, query.error));
    } catch (error) {
      if (!this.dashboard || !(error instanceof DomainError)) throw error;
      await reply.redirect(
        withQuery(this.dashboard, { marketplace: 'etsy', status: 'failed', reason: error.message }),
        302,
      );
      return;
    }
    if (this.dashboard) {
      await reply.redirect(
        withQuery(this.dashboard, { marketplace: 'etsy', status: 'connected', account: outcome.account }),
        302,
      );
    } else {
      await reply.status(200).send(outcome);
    }
  }
}

function withQuery(base: string, params: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  return url.toString();
}
