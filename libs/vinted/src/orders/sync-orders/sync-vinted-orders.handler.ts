import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { BusinessRuleViolation, TenantContext, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { GetVintedConnectionQuery } from '../../plugin/devices/get-connection/get-connection.query';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import { VintedWebClient } from '../../vinted-web/vinted-web.client';
import { orderPageCall, orderPageStep } from '../order-pages';
import { OrderSyncsRepository, OrderSyncView } from '../order-syncs.repository';
import { SyncVintedOrdersCommand } from './sync-vinted-orders.command';

/** A pass not ended within this is not waited for: the next request starts another. */
const FRESH_MS = 30 * 60_000;

@CommandHandler(SyncVintedOrdersCommand)
export class SyncVintedOrdersHandler implements ICommandHandler<SyncVintedOrdersCommand, OrderSyncView> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly queries: QueryBus,
    private readonly syncs: OrderSyncsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async execute({ userId }: SyncVintedOrdersCommand): Promise<OrderSyncView> {
    if (!(await this.queries.execute(new GetVintedConnectionQuery(userId))).paired) {
      throw new BusinessRuleViolation(
        'MARKETPLACE_NOT_CONNECTED',
        'Vinted is not connected: install the StoFlow extension and pair it with your account first',
        [{ field: 'marketplace', issue: 'vinted is not connected', marketplace: 'vinted' }],
      );
    }
    const later: (() => Promise<unknown>)[] = [];
    const view = await this.tenant.run(userId, () =>
      this.db.transaction(async (em) => {
        // One pass at a time per account: requests wait their turn on the row lock of the account.
        await em.execute('select 1 from vinted_account where id = 1 for update');
        const running = await this.syncs.running(em, FRESH_MS);
        if (running) return running;
        const sync = await this.syncs.start(em, randomUUID());
        const call = orderPageCall(this.web, 1);
        await this.queue.enqueue(
          em,
          userId,
          { step: orderPageStep(sync.id, 1), method: call.method, url: call.url, timeoutMs: call.timeoutMs },
          { later: (work) => later.push(work) },
        );
        return sync;
      }),
    );
    await Promise.all(later.map((work) => work()));
    return view;
  }
}
