import { Logger } from '@nestjs/common';
import { CommandBus, EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { firstDelivery, TenantContext, TenantDatabase } from '@stoflow/core';
import { OrderLine, OrderStatus, RecordOrderCommand } from '@stoflow/publishing';
import { VintedListingsRepository } from '../../jobs/vinted-listings.repository';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import {
  classifyVintedAnswer,
  UnexpectedVintedAnswer,
  VintedSale,
  VintedWebClient,
} from '../../vinted-web/vinted-web.client';
import { orderPageCall, orderPageStep, parseOrderPageStep, startOrderPass } from '../order-pages';
import { OrderSyncsRepository } from '../order-syncs.repository';

/** Calls of one page answered in vain (no answer, 5xx) before the pass stops; the next pass reads it again. */
const MAX_ATTEMPTS = 3;

const STATUSES: Record<VintedSale['status'], OrderStatus> = {
  in_progress: 'paid',
  completed: 'completed',
  canceled: 'cancelled',
};

type PageEvent = PluginTaskCompletedEvent | PluginTaskFailedEvent;

/**
 * A page of the account's sales came back: each sale is recorded as an order (idempotent per transaction), then
 * the next page is asked for, until the last. Events come at least once: the recording is idempotent and the next
 * page is asked for once per delivered page (`firstDelivery`).
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class OrderPageHandler implements IEventHandler<PageEvent> {
  private readonly log = new Logger(OrderPageHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly commands: CommandBus,
    private readonly syncs: OrderSyncsRepository,
    private readonly listings: VintedListingsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async handle(event: PageEvent): Promise<void> {
    const page = parseOrderPageStep(event.step);
    if (!page || event.tenantId === null) return;
    const tenantId = event.tenantId;
    try {
      await this.tenant.run(tenantId, () =>
        event instanceof PluginTaskCompletedEvent ? this.pageRead(event, page) : this.pageFailed(event, page),
      );
    } catch (error) {
      this.log.error({ err: error, tenantId, syncId: page.syncId }, 'A page of Vinted sales could not be handled');
    }
  }

  private async pageRead(event: PluginTaskCompletedEvent, { syncId, page }: { syncId: string; page: number }) {
    const tenantId = event.tenantId!;
    const outcome = classifyVintedAnswer({ ok: true, status: event.status, body: event.body });
    if (outcome.kind !== 'ok') return this.stop(event, syncId, outcome.message);
    let read;
    try {
      read = this.web.readOrders(outcome.body);
    } catch (error) {
      if (error instanceof UnexpectedVintedAnswer) return this.stop(event, syncId, error.message);
      throw error;
    }
    const products = await this.db.transaction(
      (em) =>
        this.listings.productsOfItems(
          em,
          read.orders.flatMap((o) => (o.itemId ? [o.itemId] : [])),
        ),
      { readOnly: true },
    );
    for (const sale of read.orders) {
      await this.commands.execute(new RecordOrderCommand(orderLine(sale, products)));
    }
    const later: (() => Promise<unknown>)[] = [];
    await this.db.transaction(async (em) => {
      if (!(await firstDelivery(em, OrderPageHandler.name, event.eventId))) return;
      await this.syncs.pageRead(em, syncId, read.orders.length);
      if (read.currentPage >= read.totalPages || read.orders.length === 0) {
        // A seller asked for a pass while this one ran: one more reads the sales from page 1 again.
        if (await this.syncs.end(em, syncId)) {
          await startOrderPass(em, tenantId, this.syncs, this.queue, this.web, (work) => later.push(work));
        }
        return;
      }
      const call = orderPageCall(this.web, page + 1);
      await this.queue.enqueue(
        em,
        tenantId,
        { step: orderPageStep(syncId, page + 1), method: call.method, url: call.url, timeoutMs: call.timeoutMs },
        { later: (work) => later.push(work) },
      );
    });
    await Promise.all(later.map((work) => work()));
  }

  private async pageFailed(event: PluginTaskFailedEvent, { syncId }: { syncId: string; page: number }) {
    const outcome = classifyVintedAnswer({
      ok: false,
      status: event.status,
      body: event.body,
      error: event.error ?? (event.reason === 'timeout' ? { code: 'NO_ANSWER', message: 'no answer in time' } : null),
    });
    if (outcome.retryable && event.attempt < MAX_ATTEMPTS) {
      const later: (() => Promise<unknown>)[] = [];
      await this.db.transaction(async (em) => {
        if (!(await firstDelivery(em, OrderPageHandler.name, event.eventId))) return;
        const deadline = new Date(Date.now() + 15 * 60_000);
        await this.queue.resend(em, event.tenantId!, event.taskId, deadline, { later: (work) => later.push(work) });
      });
      await Promise.all(later.map((work) => work()));
      return;
    }
    await this.stop(event, syncId, outcome.message);
  }

  /** The pass ends here; the orders already read stay recorded, and the next pass reads every page again. */
  private async stop(event: PageEvent, syncId: string, why: string): Promise<void> {
    await this.db.transaction(async (em) => {
      if (!(await firstDelivery(em, OrderPageHandler.name, event.eventId))) return;
      await this.syncs.end(em, syncId, why);
    });
  }
}

function orderLine(sale: VintedSale, products: Map<string, string>): OrderLine {
  return {
    marketplace: 'vinted',
    externalId: sale.transactionId,
    // A Vinted transaction sells one item: its one line.
    lineId: '1',
    productId: sale.itemId ? (products.get(sale.itemId) ?? null) : null,
    sku: null,
    title: sale.title,
    quantity: 1,
    total: twoDecimals(sale.amount),
    currency: sale.currency,
    buyer: sale.buyer,
    status: STATUSES[sale.status],
    soldAt: sale.date,
  };
}

/** "12.5" → "12.50", without going through a float. */
function twoDecimals(amount: string): string {
  const [units, cents = ''] = amount.split('.');
  return `${units}.${cents.padEnd(2, '0').slice(0, 2)}`;
}
