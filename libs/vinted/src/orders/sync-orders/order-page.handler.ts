import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { CommandBus, EventsHandler, IEventHandler, QueryBus } from '@nestjs/cqrs';
import { firstDelivery, TenantContext, TenantDatabase } from '@stoflow/core';
import { FindOrderLinesQuery, OrderLine, OrderStatus, RecordOrderCommand } from '@stoflow/publishing';
import { VintedListingsRepository } from '../../jobs/vinted-listings.repository';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import {
  classifyVintedAnswer,
  UnexpectedVintedAnswer,
  VintedSale,
  VintedTransaction,
  VintedWebClient,
} from '../../vinted-web/vinted-web.client';
import {
  orderDetailStep,
  orderPageCall,
  orderPageStep,
  parseOrderDetailStep,
  parseOrderPageStep,
  startOrderPass,
} from '../order-pages';
import { OrderSyncsRepository } from '../order-syncs.repository';

/** Calls of one page or sale answered in vain (no answer, 5xx) before the pass stops; the next pass reads it again. */
const MAX_ATTEMPTS = 3;

const STATUSES: Record<VintedSale['status'], OrderStatus> = {
  in_progress: 'paid',
  completed: 'completed',
  canceled: 'cancelled',
};

type TaskEvent = PluginTaskCompletedEvent | PluginTaskFailedEvent;
type Later = (work: () => Promise<unknown>) => void;

/**
 * A pass over the account's sales, as the extension's answers come back. A page of sales: each sale StoFlow has
 * recorded follows its status (a cancellation gives the units back); each new one is read in detail
 * (`GET /api/v2/transactions/{id}`, one paced call each), since one sale may sell several items (a bundle), and
 * each item sold is recorded as an order line of its product. Then the next page, until the last. Events come at
 * least once: recording is idempotent per line, and the pass moves on once per delivered answer (`firstDelivery`).
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class OrderPageHandler implements IEventHandler<TaskEvent> {
  private readonly log = new Logger(OrderPageHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly syncs: OrderSyncsRepository,
    private readonly listings: VintedListingsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async handle(event: TaskEvent): Promise<void> {
    const page = parseOrderPageStep(event.step);
    const detail = page ? undefined : parseOrderDetailStep(event.step);
    if ((!page && !detail) || event.tenantId === null) return;
    const syncId = (page ?? detail)!.syncId;
    try {
      await this.tenant.run(event.tenantId, async () => {
        if (event instanceof PluginTaskFailedEvent) return this.failed(event, syncId);
        return page ? this.pageRead(event, syncId, page.page) : this.detailRead(event, syncId, detail!.transactionId);
      });
    } catch (error) {
      this.log.error({ err: error, tenantId: event.tenantId, syncId }, 'A Vinted sales answer could not be handled');
    }
  }

  private async pageRead(event: PluginTaskCompletedEvent, syncId: string, page: number): Promise<void> {
    const read = this.parsed(event, (body) => this.web.readOrders(body));
    if (!read) return this.stop(event, syncId, this.why(event));
    const known = await this.queries.execute(
      new FindOrderLinesQuery(
        'vinted',
        read.orders.map((o) => o.transactionId),
      ),
    );
    const fresh: string[] = [];
    for (const sale of read.orders) {
      const lines = known.filter((l) => l.externalId === sale.transactionId);
      if (lines.length === 0) {
        fresh.push(sale.transactionId);
        continue;
      }
      // Seen before: only its status can have changed (the line's own fields stay as first recorded).
      for (const line of lines) {
        await this.commands.execute(
          new RecordOrderCommand({ ...saleLine(sale), lineId: line.lineId, productId: line.productId }),
        );
      }
    }
    const last = read.currentPage >= read.totalPages || read.orders.length === 0;
    await this.moveOn(event, async (em, later) => {
      await this.syncs.pageRead(em, syncId, read.orders.length);
      if (fresh.length > 0) {
        await this.syncs.awaitDetails(em, syncId, fresh, last ? null : page + 1);
        return this.askDetail(em, event.tenantId!, syncId, fresh[0], later);
      }
      return this.next(em, event.tenantId!, syncId, last ? null : page + 1, later);
    });
  }

  private async detailRead(event: PluginTaskCompletedEvent, syncId: string, transactionId: string): Promise<void> {
    const sale = this.parsed(event, (body) => this.web.readTransaction(body));
    if (!sale) return this.stop(event, syncId, this.why(event));
    const products = await this.db.transaction(
      (em) =>
        this.listings.productsOfItems(
          em,
          sale.items.map((i) => i.itemId),
        ),
      { readOnly: true },
    );
    for (const line of transactionLines(sale, products)) await this.commands.execute(new RecordOrderCommand(line));
    await this.moveOn(event, async (em, later) => {
      const { pending, nextPage } = await this.syncs.detailRead(em, syncId, transactionId);
      if (pending.length > 0) return this.askDetail(em, event.tenantId!, syncId, pending[0], later);
      return this.next(em, event.tenantId!, syncId, nextPage, later);
    });
  }

  /** The next page, or the end of the pass (and one more pass when a seller asked for it while this one ran). */
  private async next(em: EntityManager, tenantId: number, syncId: string, page: number | null, later: Later) {
    if (page === null) {
      if (await this.syncs.end(em, syncId)) await startOrderPass(em, tenantId, this.syncs, this.queue, this.web, later);
      return;
    }
    const call = orderPageCall(this.web, page);
    await this.queue.enqueue(
      em,
      tenantId,
      { step: orderPageStep(syncId, page), method: call.method, url: call.url, timeoutMs: call.timeoutMs },
      { later },
    );
  }

  private async askDetail(em: EntityManager, tenantId: number, syncId: string, transactionId: string, later: Later) {
    const call = this.web.transaction(transactionId);
    await this.queue.enqueue(
      em,
      tenantId,
      { step: orderDetailStep(syncId, transactionId), method: call.method, url: call.url, timeoutMs: call.timeoutMs },
      { later },
    );
  }

  /** Once per delivered answer, in one transaction: what the pass does next. */
  private async moveOn(event: TaskEvent, work: (em: EntityManager, later: Later) => Promise<void>): Promise<void> {
    const later: (() => Promise<unknown>)[] = [];
    await this.db.transaction(async (em) => {
      if (!(await firstDelivery(em, OrderPageHandler.name, event.eventId))) return;
      await work(em, (w) => later.push(w));
    });
    await Promise.all(later.map((w) => w()));
  }

  /** The answer read by `read`, or undefined when Vinted answered something else (a captcha, a page it changed). */
  private parsed<T>(event: PluginTaskCompletedEvent, read: (body: unknown) => T): T | undefined {
    const outcome = classifyVintedAnswer({ ok: true, status: event.status, body: event.body });
    if (outcome.kind !== 'ok') return undefined;
    try {
      return read(outcome.body);
    } catch (error) {
      if (error instanceof UnexpectedVintedAnswer) return undefined;
      throw error;
    }
  }

  private why(event: PluginTaskCompletedEvent): string {
    const outcome = classifyVintedAnswer({ ok: true, status: event.status, body: event.body });
    return outcome.kind === 'ok' ? 'Vinted answered something StoFlow cannot read' : outcome.message;
  }

  private async failed(event: PluginTaskFailedEvent, syncId: string): Promise<void> {
    const outcome = classifyVintedAnswer({
      ok: false,
      status: event.status,
      body: event.body,
      error: event.error ?? (event.reason === 'timeout' ? { code: 'NO_ANSWER', message: 'no answer in time' } : null),
    });
    if (outcome.retryable && event.attempt < MAX_ATTEMPTS) {
      return this.moveOn(event, async (em, later) => {
        const deadline = new Date(Date.now() + 15 * 60_000);
        await this.queue.resend(em, event.tenantId!, event.taskId, deadline, { later });
      });
    }
    await this.stop(event, syncId, outcome.message);
  }

  /** The pass ends here; the orders already read stay recorded, and the next pass reads every page again. */
  private async stop(event: TaskEvent, syncId: string, why: string): Promise<void> {
    await this.moveOn(event, async (em) => {
      await this.syncs.end(em, syncId, why);
    });
  }
}

/** A sale as its page lists it: enough to follow a recorded line's status. */
function saleLine(sale: VintedSale): OrderLine {
  return {
    marketplace: 'vinted',
    externalId: sale.transactionId,
    lineId: '1',
    productId: null,
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

/** One order line per item the sale sold (a bundle sells several), each matched to its product by its item. */
function transactionLines(sale: VintedTransaction, products: Map<string, string>): OrderLine[] {
  const base = {
    marketplace: 'vinted' as const,
    externalId: sale.transactionId,
    sku: null,
    quantity: 1,
    buyer: sale.buyer,
    status: STATUSES[sale.status],
    soldAt: sale.date,
  };
  if (sale.items.length === 0) {
    // Nothing StoFlow can match (an item since deleted): the sale is kept and shown, unmatched.
    return [
      {
        ...base,
        lineId: '1',
        productId: null,
        title: sale.title,
        total: twoDecimals(sale.total.amount),
        currency: sale.total.currency,
      },
    ];
  }
  return sale.items.map((item) => ({
    ...base,
    // A sale of one item keeps line 1; a bundle's lines are its items.
    lineId: sale.items.length === 1 ? '1' : item.itemId,
    productId: products.get(item.itemId) ?? null,
    title: item.title,
    total: twoDecimals(item.amount),
    currency: item.currency,
  }));
}

/** "12.5" → "12.50", without going through a float. */
function twoDecimals(amount: string): string {
  const [units, cents = ''] = amount.split('.');
  return `${units}.${cents.padEnd(2, '0').slice(0, 2)}`;
}
