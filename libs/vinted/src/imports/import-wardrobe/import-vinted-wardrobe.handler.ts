import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { BusinessRuleViolation, TenantContext, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { DevicesRepository } from '../../plugin/devices/devices.repository';
import { GetVintedConnectionQuery } from '../../plugin/devices/get-connection/get-connection.query';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import { VintedWebClient } from '../../vinted-web/vinted-web.client';
import { importPageCall, importPageStep } from '../import-pages';
import { VintedImportsRepository, VintedImportView } from '../vinted-imports.repository';
import { ImportVintedWardrobeCommand } from './import-vinted-wardrobe.command';

/** An import not ended within this is not waited for: the next request starts another. */
const FRESH_MS = 2 * 60 * 60_000;

@CommandHandler(ImportVintedWardrobeCommand)
export class ImportVintedWardrobeHandler implements ICommandHandler<ImportVintedWardrobeCommand, VintedImportView> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly queries: QueryBus,
    private readonly devices: DevicesRepository,
    private readonly imports: VintedImportsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async execute({ userId }: ImportVintedWardrobeCommand): Promise<VintedImportView> {
    if (!(await this.queries.execute(new GetVintedConnectionQuery(userId))).paired) {
      throw new BusinessRuleViolation(
        'MARKETPLACE_NOT_CONNECTED',
        'Vinted is not connected: install the StoFlow extension and pair it with your account first',
        [{ field: 'marketplace', issue: 'vinted is not connected', marketplace: 'vinted' }],
      );
    }
    const device = await this.devices.latestOf(this.devices.em(), userId);
    const vintedUserId = device?.vinted_user_id ? String(device.vinted_user_id) : null;
    if (!vintedUserId) {
      throw new BusinessRuleViolation(
        'VINTED_ACCOUNT_UNKNOWN',
        'StoFlow does not know your Vinted account yet: open Vinted, logged in, in the browser with the extension',
        [{ field: 'marketplace', issue: 'the Vinted account is not known yet', marketplace: 'vinted' }],
      );
    }
    const later: (() => Promise<unknown>)[] = [];
    const view = await this.tenant.run(userId, () =>
      this.db.transaction(async (em) => {
        // One import at a time per account: requests wait their turn on the row lock of the account.
        await em.execute('select 1 from vinted_account where id = 1 for update');
        const running = await this.imports.running(em, FRESH_MS);
        if (running) return running;
        const started = await this.imports.start(em, randomUUID(), vintedUserId);
        const call = importPageCall(this.web, vintedUserId, 1);
        await this.queue.enqueue(
          em,
          userId,
          {
            step: importPageStep(started.id, vintedUserId, 1),
            method: call.method,
            url: call.url,
            timeoutMs: call.timeoutMs,
          },
          { later: (work) => later.push(work) },
        );
        return started;
      }),
    );
    await Promise.all(later.map((work) => work()));
    return view;
  }
}
