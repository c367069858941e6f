import { InjectQueue } from '@nestjs/bull';
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import type { Queue } from 'bull';
import { queueKeyedPass } from '@stoflow/core';
import { EtsyConfiguredGuard } from '../access/etsy-configured.guard';
import { EtsyShop } from '../shop/etsy-shop';
import { ETSY_RECEIPTS_QUEUE, RECEIPT_PASS } from './etsy-receipt-sync';

export class SyncEtsyOrdersCommand extends Command<{ queued: boolean; syncedTo: string | null }> {
  constructor(readonly userId: number) {
    super();
  }
}

@CommandHandler(SyncEtsyOrdersCommand)
export class SyncEtsyOrdersHandler implements ICommandHandler<SyncEtsyOrdersCommand> {
  constructor(
    private readonly shop: EtsyShop,
    @InjectQueue(ETSY_RECEIPTS_QUEUE) private readonly queue: Queue<{ userId: number }>,
  ) {}

  async execute({ userId }: SyncEtsyOrdersCommand) {
    const account = await this.shop.connected(userId);
    await queueKeyedPass(this.queue, RECEIPT_PASS, `pass:${userId}`, { userId });
    return {
      queued: true,
      syncedTo: account.receipts_synced_to ? new Date(account.receipts_synced_to).toISOString() : null,
    };
  }
}

@ApiTags('etsy')
@ApiBearerAuth('access-token')
@Controller('api/etsy/orders')
@UseGuards(EtsyConfiguredGuard)
export class SyncEtsyOrdersController {
  constructor(private readonly commands: CommandBus) {}

  @Post('sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Read your Etsy receipts now (they are also read on a schedule)' })
  @ApiAcceptedResponse({ description: '{queued, syncedTo}' })
  sync(@CurrentUser() user: AuthenticatedUser) {
    return this.commands.execute(new SyncEtsyOrdersCommand(user.id));
  }
}
