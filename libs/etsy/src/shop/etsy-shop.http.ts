import { Body, Controller, Delete, Get, HttpCode, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import { EtsyConfiguredGuard } from '../access/etsy-configured.guard';
import { EtsyShopView } from './etsy-shop';
import {
  DisconnectEtsyCommand,
  EtsyConnectionView,
  GetEtsyConnectionQuery,
  GetEtsyShopQuery,
  SetEtsySettingsCommand,
} from './etsy-shop.messages';

class EtsySettingsDto {
  @ApiProperty() @IsInt() @Min(1) shippingProfileId!: number;
  @ApiPropertyOptional({ description: 'Required for shops outside the EU' })
  @IsOptional()
  @IsInt()
  @Min(1)
  returnPolicyId?: number;
  @ApiPropertyOptional({ description: 'A processing profile of the shop; else one is found or created' })
  @IsOptional()
  @IsInt()
  @Min(1)
  readinessStateId?: number;
  @ApiPropertyOptional({ description: 'May StoFlow create a ready-to-ship processing profile when the shop has none' })
  @IsOptional()
  @IsBoolean()
  createProcessingProfile?: boolean;
}

@ApiTags('etsy')
@ApiBearerAuth('access-token')
@Controller('api/etsy')
@UseGuards(EtsyConfiguredGuard)
export class EtsyShopController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('connection')
  @ApiOperation({ summary: 'Your Etsy connection, its settings and what it needs from you' })
  connection(@CurrentUser() user: AuthenticatedUser): Promise<EtsyConnectionView> {
    return this.queries.execute(new GetEtsyConnectionQuery(user.id));
  }

  @Delete('connection')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disconnect Etsy: StoFlow forgets the tokens; listings stay on Etsy, unlinked' })
  async disconnect(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.commands.execute(new DisconnectEtsyCommand(user.id));
  }

  @Get('shop')
  @ApiOperation({ summary: 'Your shop: currency, shipping profiles, return policies, processing profiles' })
  @ApiOkResponse({ description: 'The shop' })
  shop(@CurrentUser() user: AuthenticatedUser): Promise<EtsyShopView> {
    return this.queries.execute(new GetEtsyShopQuery(user.id));
  }

  @Put('settings')
  @ApiOperation({
    summary: 'Choose the shipping profile, return policy and processing profile of your Etsy listings',
    description:
      'A ready-to-ship processing profile is created when the shop has none and you allow it ' +
      '(`createProcessingProfile`); an identical one that exists is used.',
  })
  settings(@CurrentUser() user: AuthenticatedUser, @Body() body: EtsySettingsDto): Promise<EtsyConnectionView> {
    return this.commands.execute(new SetEtsySettingsCommand(user.id, body));
  }
}
