import { Controller, HttpCode, Post } from '@nestjs/common';
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
import { OrderSyncView } from '../order-syncs.repository';
import { SyncVintedOrdersCommand } from './sync-vinted-orders.command';

class OrderSyncDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: string;
  @ApiProperty() pagesRead!: number;
  @ApiProperty() ordersSeen!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

@ApiTags('vinted')
@ApiBearerAuth('access-token')
@Controller('api/vinted/orders')
export class SyncVintedOrdersController {
  constructor(private readonly commands: CommandBus) {}

  @Post('sync')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Read your Vinted sales now',
    description:
      'Through the extension, paced like every Vinted call; each sale becomes an order (GET /api/orders). It also ' +
      'runs on its own while the extension is online. A pass already running is answered.',
  })
  @ApiAcceptedResponse({ type: OrderSyncDto })
  @ApiUnprocessableEntityResponse({ description: 'MARKETPLACE_NOT_CONNECTED: no paired extension' })
  sync(@CurrentUser() user: AuthenticatedUser): Promise<OrderSyncView> {
    return this.commands.execute(new SyncVintedOrdersCommand(user.id));
  }
}
