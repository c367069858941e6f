import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { DomainError, Public } from '@stoflow/core';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { EbayConfiguredGuard } from '../access/ebay-configured.guard';
import { EBAY_MARKETPLACE_IDS } from '../api/ebay-marketplaces';
import { EbaySettings } from '../ebay-settings';
import { CompleteEbayConnectCommand, ConsentOutcome } from './complete-ebay-connect.command';
import { ConnectEbayCommand } from './connect-ebay.command';

class ConnectQuery {
  @ApiProperty({ enum: EBAY_MARKETPLACE_IDS, description: 'The eBay site you sell on' })
  @IsIn(EBAY_MARKETPLACE_IDS, { message: `marketplaceId must be one of ${EBAY_MARKETPLACE_IDS.join(', ')}` })
  marketplaceId!: string;
}

class CallbackQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4096) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) state?: string;
  /** What eBay adds when the seller declines. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) error?: string;
}

class AuthorizationUrlDto {
  @ApiProperty({ description: "eBay's consent page: send the seller's browser there" }) authorizationUrl!: string;
}

class ConsentOutcomeDto {
  @ApiProperty({ enum: ['ebay'] }) marketplace!: string;
  @ApiProperty({ enum: ['connected'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) account!: string | null;
  @ApiProperty({ enum: EBAY_MARKETPLACE_IDS }) marketplaceId!: string;
}

@ApiTags('ebay')
@Controller('api/ebay')
@UseGuards(EbayConfiguredGuard)
export class EbayConnectController {
  constructor(
    private readonly commands: CommandBus,
    private readonly settings: EbaySettings,
  ) {}

  @Get('connect')
  @ApiBearerAuth('access-token')
  @ApiOperation({
    summary: 'Start connecting your eBay seller account',
    description:
      "Answers eBay's consent page for the site you sell on. The link works once, for you only, for 10 minutes; " +
      'eBay then sends your browser back to GET /api/ebay/callback.',
  })
  @ApiOkResponse({ type: AuthorizationUrlDto })
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONFIGURED: the server has no eBay keyset' })
  connect(@CurrentUser() user: AuthenticatedUser, @Query() query: ConnectQuery): Promise<AuthorizationUrlDto> {
    return this.commands.execute(new ConnectEbayCommand(user.id, query.marketplaceId));
  }

  /** Public for the access guard: the single-use state, bound server-side to the user, is the credential. */
  @Get('callback')
  @Public()
  @ApiOperation({
    summary: "Where eBay's consent page sends the seller back",
    description:
      'Exchanges the code, keeps the tokens encrypted and connects the account. With DASHBOARD_URL set, redirects ' +
      'there with ?marketplace=ebay&status=connected|failed[&reason]; else answers JSON.',
  })
  @ApiOkResponse({ type: ConsentOutcomeDto })
  @ApiFoundResponse({ description: 'To DASHBOARD_URL with the outcome, when set' })
  @ApiBadRequestResponse({
    description: "MARKETPLACE_CONSENT_FAILED: declined, or a state that is used, expired or not StoFlow's",
  })
  async callback(@Query() query: CallbackQuery, @Res() reply: FastifyReply): Promise<void> {
    const dashboard = this.settings.dashboardUrl;
    let outcome: ConsentOutcome;
    try {
      outcome = await this.commands.execute(new CompleteEbayConnectCommand(query.state, query.code, query.error));
    } catch (error) {
      if (!dashboard || !(error instanceof DomainError)) throw error;
      await reply.redirect(withQuery(dashboard, { marketplace: 'ebay', status: 'failed', reason: error.message }), 302);
      return;
    }
    if (dashboard) {
      await reply.redirect(
        withQuery(dashboard, { marketplace: 'ebay', status: 'connected', account: outcome.account }),
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
