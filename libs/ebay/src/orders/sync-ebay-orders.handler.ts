import { InjectQueue } from '@nestjs/bull';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { queueKeyedPass } from '@stoflow/core';
import { EbaySellerAccount } from '../setup/ebay-seller-account';
import { EBAY_ORDERS_QUEUE, OrdersPayload, SYNC_SELLER } from './ebay-orders-queue';
import { OrderSyncRequested, SyncEbayOrdersCommand } from './sync-ebay-orders.command';

@CommandHandler(SyncEbayOrdersCommand)
export class SyncEbayOrdersHandler implements ICommandHandler<SyncEbayOrdersCommand> {
  constructor(
    private readonly seller: EbaySellerAccount,
    @InjectQueue(EBAY_ORDERS_QUEUE) private readonly queue: Queue<OrdersPayload>,
  ) {}

  async execute({ userId }: SyncEbayOrdersCommand): Promise<OrderSyncRequested> {
    const account = await this.seller.connected(userId);
    // Keyed per seller: a pass already waiting answers this request too.
    await queueKeyedPass(this.queue, SYNC_SELLER, `pass:${userId}`, { userId });
    return {
      queued: true,
      syncedTo: account.orders_synced_to ? new Date(account.orders_synced_to).toISOString() : null,
    };
  }
}
