import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { EbayConfiguredGuard } from '../access/ebay-configured.guard';
import { OrderSyncRequested, SyncEbayOrdersCommand } from './sync-ebay-orders.command';

class OrderSyncRequestedDto {
  @ApiProperty() queued!: boolean;
  @ApiProperty({ nullable: true, type: String }) syncedTo!: string | null;
}

@ApiTags('ebay')
@ApiBearerAuth('access-token')
@Controller('api/ebay/orders')
@UseGuards(EbayConfiguredGuard)
export class SyncEbayOrdersController {
  constructor(private readonly commands: CommandBus) {}

  @Post('sync')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Read your eBay orders now',
    description:
      'Each order line becomes an order (GET /api/orders) once, however often it is read; a sale of a product ' +
      'listed by StoFlow lowers its stock and, when it sells out, withdraws it from your other marketplaces. ' +
      'Orders are also read on a schedule.',
  })
  @ApiAcceptedResponse({ type: OrderSyncRequestedDto })
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONNECTED or MARKETPLACE_NOT_CONFIGURED' })
  sync(@CurrentUser() user: AuthenticatedUser): Promise<OrderSyncRequested> {
    return this.commands.execute(new SyncEbayOrdersCommand(user.id));
  }
}
