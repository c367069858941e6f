import { Body, Controller, Get, Put, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { EbayConfiguredGuard } from '../access/ebay-configured.guard';
import { EBAY_MARKETPLACE_IDS } from '../api/ebay-marketplaces';
import { EbayConnectionView } from '../connection/ebay-connection.view';
import { CategorySuggestion } from '../taxonomy/ebay-taxonomy';
import { SellerPolicies } from './ebay-seller-account';
import { GetEbayPoliciesQuery } from './get-ebay-policies.query';
import { SetEbaySettingsCommand } from './set-ebay-settings.command';
import { SuggestEbayCategoriesQuery } from './suggest-ebay-categories.query';

class LocationDto {
  @ApiProperty({ example: 'FR', description: 'ISO 3166 two-letter country code' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter country code such as FR' })
  country!: string;

  @ApiProperty({ example: '75011' })
  @IsString()
  @Matches(/^[A-Za-z0-9 -]{2,12}$/, { message: 'postalCode must be 2 to 12 letters, digits, spaces or hyphens' })
  postalCode!: string;

  @ApiPropertyOptional({ example: 'Paris' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  city?: string;
}

class EbaySettingsDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) fulfillmentPolicyId!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) paymentPolicyId!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) returnPolicyId!: string;
  @ApiProperty({ type: LocationDto }) @ValidateNested() @Type(() => LocationDto) location!: LocationDto;
}

class SuggestQuery {
  @ApiProperty({ description: 'A few words describing the item', example: 'levis jeans' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q!: string;

  @ApiPropertyOptional({ enum: EBAY_MARKETPLACE_IDS, description: 'Default: your connected eBay site' })
  @IsOptional()
  @IsIn(EBAY_MARKETPLACE_IDS, { message: `marketplaceId must be one of ${EBAY_MARKETPLACE_IDS.join(', ')}` })
  marketplaceId?: string;
}

class PolicyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
}

class PoliciesDto {
  @ApiProperty() marketplaceId!: string;
  @ApiProperty({ description: 'False while eBay enables business policies (up to 24 hours)' })
  businessPolicies!: boolean;
  @ApiProperty({ nullable: true, type: String }) message!: string | null;
  @ApiProperty({ type: [PolicyDto] }) fulfillmentPolicies!: PolicyDto[];
  @ApiProperty({ type: [PolicyDto] }) paymentPolicies!: PolicyDto[];
  @ApiProperty({ type: [PolicyDto] }) returnPolicies!: PolicyDto[];
}

class CategorySuggestionDto {
  @ApiProperty() categoryId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) path!: string[];
}

@ApiTags('ebay')
@ApiBearerAuth('access-token')
@Controller('api/ebay')
@UseGuards(EbayConfiguredGuard)
export class EbaySetupController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('policies')
  @ApiOperation({
    summary: 'Your eBay business policies (shipping, payment, returns)',
    description:
      'On the eBay site you connected. An account without business policies is opted in; eBay can take up to ' +
      '24 hours to enable them, and `businessPolicies` is false meanwhile.',
  })
  @ApiOkResponse({ type: PoliciesDto })
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONNECTED or MARKETPLACE_NOT_CONFIGURED' })
  policies(@CurrentUser() user: AuthenticatedUser): Promise<SellerPolicies> {
    return this.queries.execute(new GetEbayPoliciesQuery(user.id));
  }

  @Put('settings')
  @ApiOperation({
    summary: 'Choose your eBay policies and where your items ship from',
    description: 'Needed once before the first publish; the location is created on eBay (an existing one is kept).',
  })
  @ApiOkResponse({ description: 'The connection with its settings (as GET /api/ebay/connection)' })
  @ApiUnprocessableEntityResponse({
    description: 'EBAY_POLICY_UNKNOWN (details name the field) or EBAY_POLICIES_NOT_READY',
  })
  settings(@CurrentUser() user: AuthenticatedUser, @Body() body: EbaySettingsDto): Promise<EbayConnectionView> {
    return this.commands.execute(new SetEbaySettingsCommand(user.id, body));
  }

  @Get('categories/suggest')
  @ApiOperation({ summary: "eBay's categories for a few words, most relevant first (leaf categories only)" })
  @ApiOkResponse({ type: [CategorySuggestionDto] })
  suggest(@CurrentUser() user: AuthenticatedUser, @Query() query: SuggestQuery): Promise<CategorySuggestion[]> {
    return this.queries.execute(new SuggestEbayCategoriesQuery(user.id, query.q, query.marketplaceId));
  }
}
