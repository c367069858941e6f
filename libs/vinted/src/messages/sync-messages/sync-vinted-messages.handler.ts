import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { BusinessRuleViolation, TenantContext, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { GetVintedConnectionQuery } from '../../plugin/devices/get-connection/get-connection.query';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import { VintedWebClient } from '../../vinted-web/vinted-web.client';
import { messageReadCall } from '../message-steps';
import { MessageSyncsRepository, MessageSyncView } from '../message-syncs.repository';
import { SyncVintedMessagesCommand } from './sync-vinted-messages.command';

/** A pass not ended within this is not waited for: the next request starts another. */
const FRESH_MS = 30 * 60_000;

@CommandHandler(SyncVintedMessagesCommand)
export class SyncVintedMessagesHandler implements ICommandHandler<SyncVintedMessagesCommand, MessageSyncView> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly queries: QueryBus,
    private readonly syncs: MessageSyncsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async execute({ userId }: SyncVintedMessagesCommand): Promise<MessageSyncView> {
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
        await this.queue.enqueue(em, userId, messageReadCall(this.web, { kind: 'inbox', syncId: sync.id, page: 1 }), {
          later: (work) => later.push(work),
        });
        return sync;
      }),
    );
    await Promise.all(later.map((work) => work()));
    return view;
  }
}
