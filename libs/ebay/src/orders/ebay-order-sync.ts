import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { RecordOrderCommand } from '@stoflow/publishing';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbayTokens } from '../account/ebay-tokens';
import { EbayApi } from '../api/ebay-api';
import { EbayListingsRepository } from '../listings/ebay-listings.repository';
import { EbayOrder, orderLines } from './ebay-order-lines';
import { activeIntervalMs, FIRST_LOOK_BACK_MS, IDLE_MS, OVERLAP_MS, RETRY_MS } from './order-sync-schedule';

const PAGE = 200;

export interface OrderPass {
  orders: number;
  lines: number;
  pages: number;
}

/**
 * One pass over a seller's eBay orders: Fulfillment `getOrders` by `lastmodifieddate` since the last complete
 * pass (with a few minutes of overlap), paged to the end. Each line goes to `RecordOrderCommand`, which keeps it
 * once however often it is seen, so overlapping passes change nothing. The next pass is planned from the result.
 */
@Injectable()
export class EbayOrderSync {
  private readonly log = new Logger(EbayOrderSync.name);

  constructor(
    private readonly accounts: EbayAccountsRepository,
    private readonly tokens: EbayTokens,
    private readonly api: EbayApi,
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly listings: EbayListingsRepository,
    private readonly commands: CommandBus,
  ) {}

  async pass(userId: number): Promise<OrderPass | undefined> {
    const account = await this.accounts.of(userId);
    if (!account || account.status !== 'connected') return undefined;
    const startedAt = new Date();
    const since = account.orders_synced_to
      ? new Date(new Date(account.orders_synced_to).getTime() - OVERLAP_MS)
      : new Date(startedAt.getTime() - FIRST_LOOK_BACK_MS);
    try {
      const pass = await this.tenant.run(userId, () => this.read(userId, since));
      const live = await this.tenant.run(userId, () =>
        this.db.transaction((em) => this.listings.countLive(em), { readOnly: true }),
      );
      const interval = live > 0 ? activeIntervalMs(await this.accounts.countConnected()) : IDLE_MS;
      await this.accounts.scheduleOrderSync(userId, new Date(Date.now() + interval), startedAt);
      return pass;
    } catch (error) {
      // A partial pass proves nothing: the next one starts from the same point.
      await this.accounts.scheduleOrderSync(userId, new Date(Date.now() + RETRY_MS));
      throw error;
    }
  }

  private async read(userId: number, since: Date): Promise<OrderPass> {
    const auth = this.tokens.forSeller(userId);
    const pass: OrderPass = { orders: 0, lines: 0, pages: 0 };
    for (let offset = 0; ;) {
      const { body } = await this.api.send<{ orders?: EbayOrder[]; total?: number }>(
        {
          api: 'fulfillment',
          method: 'GET',
          path: '/order',
          query: { filter: `lastmodifieddate:[${since.toISOString()}..]`, limit: PAGE, offset },
        },
        auth,
      );
      const orders = body?.orders ?? [];
      pass.pages += 1;
      pass.orders += orders.length;
      pass.lines += await this.record(orders);
      offset += orders.length;
      if (orders.length === 0 || offset >= (body?.total ?? 0)) return pass;
    }
  }

  private async record(orders: EbayOrder[]): Promise<number> {
    const skus = [...new Set(orders.flatMap((o) => (o.lineItems ?? []).map((l) => l.sku).filter(Boolean)))] as string[];
    const productOfSku = await this.db.transaction((em) => this.listings.productsOfSkus(em, skus), { readOnly: true });
    let lines = 0;
    for (const order of orders) {
      for (const line of orderLines(order, productOfSku)) {
        await this.commands.execute(new RecordOrderCommand(line));
        lines += 1;
      }
    }
    return lines;
  }
}
