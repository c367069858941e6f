import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { BusinessRuleViolation, TenantContext, TenantDatabase } from '@stoflow/core';
import { GetVintedConnectionQuery } from '../../plugin/devices/get-connection/get-connection.query';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import { VintedWebClient } from '../../vinted-web/vinted-web.client';
import { startOrderPass } from '../order-pages';
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

  async execute({ userId, requested }: SyncVintedOrdersCommand): Promise<OrderSyncView> {
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
        if (running) {
          if (requested) await this.syncs.again(em, running.id);
          return running;
        }
        return startOrderPass(em, userId, this.syncs, this.queue, this.web, (work) => later.push(work));
      }),
    );
    await Promise.all(later.map((work) => work()));
    return view;
  }
}
