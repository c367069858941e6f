import { EntityManager } from '@mikro-orm/postgresql';
import { CommandBus, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import {
  FindProductBySkuQuery,
  InsufficientStock,
  MARKETPLACES,
  ProductNotForSale,
  RecordSaleCommand,
  ReturnSaleCommand,
} from '@stoflow/catalog';
import { DomainError, ErrorDetail, TenantContext, TenantDatabase, ValidationFailed } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { AlertsRepository } from '../../alerts/alerts.repository';
import { Drivers } from '../../driver/drivers';
import { RequestJobsCommand } from '../../jobs/request-jobs/request-jobs.command';
import { ORDER_STATUSES, OrderLine, OrderView, RETURNING_STATUSES, saleOrderId, StockOutcome } from '../order';
import { Order, toOrderView } from '../order.entity';
import { RecordOrderCommand } from './record-order.command';
import { RelistOnCancel } from './relist-on-cancel';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONEY = /^\d{1,10}(\.\d{1,2})?$/;

@CommandHandler(RecordOrderCommand)
export class RecordOrderHandler implements ICommandHandler<RecordOrderCommand, OrderView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly context: TenantContext,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly alerts: AlertsRepository,
    private readonly drivers: Drivers,
    private readonly relist: RelistOnCancel,
  ) {}

  async execute({ line }: RecordOrderCommand): Promise<OrderView> {
    assertLine(line);
    const known = await this.db.transaction((em) => this.find(em, line), { readOnly: true });
    if (known) return this.follow(known, line);

    // The stock first, in the catalog's own transaction: RecordSale is idempotent per order line, so a crash
    // before the row below is written is repaired by the next sync, which gets the same answer.
    const productId = await this.productOf(line);
    const outcome: StockOutcome = !productId
      ? 'unmatched'
      : RETURNING_STATUSES.includes(line.status)
        ? 'recorded'
        : await this.takeFromStock(productId, line);
    const order = await this.db.transaction(async (em) => {
      const id = randomUUID();
      const inserted = await em.execute<{ id: string }[]>(
        `insert into orders (id, marketplace, external_id, line_id, product_id, sku, title, quantity, total, currency,
                             buyer, status, stock_outcome, stock_returned, sold_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (marketplace, external_id, line_id) do nothing returning id`,
        [
          id,
          line.marketplace,
          line.externalId,
          line.lineId,
          outcome === 'unmatched' ? null : productId,
          line.sku ?? null,
          line.title ?? null,
          line.quantity,
          line.total,
          line.currency,
          line.buyer ?? null,
          line.status,
          outcome,
          // An order first seen already cancelled took nothing from the stock: nothing to give back.
          outcome === 'recorded' && RETURNING_STATUSES.includes(line.status),
          line.soldAt,
        ],
      );
      if (outcome === 'oversold' && inserted.length === 1) {
        await this.alerts.raise(em, {
          kind: 'oversold',
          subject: `${line.marketplace}:${saleOrderId(line)}`,
          message:
            `The ${line.marketplace} order ${line.externalId} sold a product that had already sold out elsewhere: ` +
            'contact the buyer (cancel or offer a replacement); its listings are being withdrawn everywhere',
          details: { orderId: id, productId, marketplace: line.marketplace },
        });
      }
      return (await this.find(em, line))!;
    });
    if (outcome === 'oversold') await this.withdrawEverywhere(order.productId!);
    // A sync that raced this one wrote the row first: this line still follows what the marketplace says now.
    return order.status === line.status ? toOrderView(order) : this.follow(order, line);
  }

  /** A line seen again: its status follows the marketplace, and a cancelled recorded sale gives its units back. */
  private async follow(order: Order, line: OrderLine): Promise<OrderView> {
    const returning =
      RETURNING_STATUSES.includes(line.status) && order.stockOutcome === 'recorded' && !order.stockReturned;
    if (returning) {
      await this.commands.execute(
        new ReturnSaleCommand(order.productId!, { marketplace: order.marketplace, orderId: saleOrderId(order) }),
      );
    }
    if (!returning && order.status === line.status) return toOrderView(order);
    const updated = await this.db.transaction(async (em) => {
      await em.execute(
        `update orders set status = ?, stock_returned = stock_returned or ?, updated_at = now() where id = ?`,
        [line.status, returning, order.id],
        'run',
      );
      return (await em.findOne(Order, order.id, { refresh: true }))!;
    });
    if (returning) await this.relist.afterReturn(updated);
    return toOrderView(updated);
  }

  private async takeFromStock(productId: string, line: OrderLine): Promise<StockOutcome> {
    try {
      await this.commands.execute(
        new RecordSaleCommand(productId, { marketplace: line.marketplace, orderId: saleOrderId(line) }, line.quantity),
      );
      return 'recorded';
    } catch (error) {
      // Two marketplaces sold the last unit at once: the stock took one sale; this one could not be covered.
      if (error instanceof InsufficientStock || error instanceof ProductNotForSale) return 'oversold';
      if (error instanceof DomainError && error.status === 404) return 'unmatched';
      throw error;
    }
  }

  private async productOf(line: OrderLine): Promise<string | undefined> {
    if (line.productId) return line.productId;
    return line.sku ? this.queries.execute(new FindProductBySkuQuery(line.sku)) : undefined;
  }

  /**
   * An oversold product: every listing it still has goes. A marketplace that sold it (this order's, and the one
   * whose sale took the unit) ended that listing itself, and is sent nothing: its listing is sold there.
   */
  private async withdrawEverywhere(productId: string): Promise<void> {
    const tenantId = this.context.requireTenantId();
    const soldOn = await this.db.transaction(
      (em) =>
        em.execute<{ marketplace: string }[]>(
          `select distinct marketplace from orders where product_id = ? and status not in (?, ?)`,
          [productId, ...RETURNING_STATUSES],
        ),
      { readOnly: true },
    );
    const sold = new Set(soldOn.map((row) => row.marketplace));
    const marketplaces = this.drivers
      .all()
      .map((d) => d.marketplace)
      .filter((m) => !sold.has(m));
    if (marketplaces.length === 0) return;
    await this.commands.execute(new RequestJobsCommand(tenantId, 'delete', [productId], marketplaces, null, true));
  }

  private find(em: EntityManager, line: OrderLine): Promise<Order | null> {
    return em.findOne(
      Order,
      { marketplace: line.marketplace, externalId: line.externalId, lineId: line.lineId },
      { refresh: true },
    );
  }
}

function assertLine(line: OrderLine): void {
  const issues: ErrorDetail[] = [];
  const text = (field: keyof OrderLine, max: number) => {
    const value = line[field];
    if (typeof value !== 'string' || value.length < 1 || value.length > max) {
      issues.push({ field, issue: `must be text of 1 to ${max} characters` });
    }
  };
  if (!MARKETPLACES.includes(line.marketplace)) issues.push({ field: 'marketplace', issue: 'unknown marketplace' });
  text('externalId', 200);
  text('lineId', 200);
  if (line.productId && !UUID.test(line.productId)) issues.push({ field: 'productId', issue: 'must be a product id' });
  if (!Number.isInteger(line.quantity) || line.quantity < 1) {
    issues.push({ field: 'quantity', issue: 'must be a whole number of at least 1' });
  }
  if (!MONEY.test(line.total))
    issues.push({ field: 'total', issue: 'must be a decimal string with at most 2 decimals' });
  if (!/^[A-Z]{3}$/.test(line.currency)) issues.push({ field: 'currency', issue: 'must be an ISO 4217 code' });
  if (!ORDER_STATUSES.includes(line.status))
    issues.push({ field: 'status', issue: `must be one of ${ORDER_STATUSES.join(', ')}` });
  if (!(line.soldAt instanceof Date) || Number.isNaN(line.soldAt.getTime())) {
    issues.push({ field: 'soldAt', issue: 'must be a time' });
  }
  if (issues.length > 0) throw new ValidationFailed('This order line cannot be recorded as it is', issues);
}
