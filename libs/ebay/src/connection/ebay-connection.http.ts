import { Controller, Delete, Get, HttpCode, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { EbayConfiguredGuard } from '../access/ebay-configured.guard';
import { DisconnectEbayCommand } from './disconnect-ebay.command';
import { EbayConnectionView } from './ebay-connection.view';
import { GetEbayConnectionQuery } from './get-ebay-connection.query';

class EbayLocationDto {
  @ApiProperty() country!: string;
  @ApiProperty() postalCode!: string;
  @ApiProperty({ required: false }) city?: string;
}

class EbaySettingsViewDto {
  @ApiProperty({ nullable: true, type: String }) fulfillmentPolicyId!: string | null;
  @ApiProperty({ nullable: true, type: String }) paymentPolicyId!: string | null;
  @ApiProperty({ nullable: true, type: String }) returnPolicyId!: string | null;
  @ApiProperty({ nullable: true, type: EbayLocationDto }) location!: EbayLocationDto | null;
}

class EbayConnectionDto {
  @ApiProperty() connected!: boolean;
  @ApiProperty({ enum: ['connected', 'not-connected', 'needs-reconnect'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) account!: string | null;
  @ApiProperty({ nullable: true, type: String }) marketplaceId!: string | null;
  @ApiProperty({ nullable: true, type: String }) needs!: string | null;
  @ApiProperty({ nullable: true, type: EbaySettingsViewDto }) settings!: EbaySettingsViewDto | null;
  @ApiProperty({ nullable: true, type: String }) connectedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) consentExpiresAt!: string | null;
}

@ApiTags('ebay')
@ApiBearerAuth('access-token')
@Controller('api/ebay/connection')
@UseGuards(EbayConfiguredGuard)
export class EbayConnectionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your eBay connection, its settings and what it needs from you' })
  @ApiOkResponse({ type: EbayConnectionDto })
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONFIGURED: the server has no eBay keyset' })
  get(@CurrentUser() user: AuthenticatedUser): Promise<EbayConnectionView> {
    return this.queries.execute(new GetEbayConnectionQuery(user.id));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Disconnect eBay',
    description:
      'StoFlow forgets your eBay tokens. Listings stay live on eBay and show as `unlinked` on your products; ' +
      'revoke StoFlow in My eBay too if you want eBay to forget the access.',
  })
  @ApiNoContentResponse()
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONNECTED' })
  async disconnect(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.commands.execute(new DisconnectEbayCommand(user.id));
  }
}
