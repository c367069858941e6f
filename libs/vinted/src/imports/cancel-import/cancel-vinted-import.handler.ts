import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IllegalTransition, NotFound, TenantContext, TenantDatabase } from '@stoflow/core';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import { importStepsPattern } from '../import-pages';
import { VintedImportsRepository, VintedImportView } from '../vinted-imports.repository';
import { CancelVintedImportCommand } from './cancel-vinted-import.command';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@CommandHandler(CancelVintedImportCommand)
export class CancelVintedImportHandler implements ICommandHandler<CancelVintedImportCommand, VintedImportView> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly imports: VintedImportsRepository,
    private readonly queue: PluginTaskQueue,
  ) {}

  async execute({ userId, importId }: CancelVintedImportCommand): Promise<VintedImportView> {
    if (!UUID.test(importId)) throw new NotFound('vinted import', importId);
    const later: (() => Promise<unknown>)[] = [];
    const view = await this.tenant.run(userId, () =>
      this.db.transaction(async (em) => {
        const state = await this.imports.lock(em, importId);
        if (!state) throw new NotFound('vinted import', importId);
        if (!(await this.imports.cancel(em, importId))) {
          throw new IllegalTransition('Vinted import', state.status, 'cancelled');
        }
        // Its queued call (and one the extension may be running) is withdrawn: a cancelled import never calls again.
        const tasks = await em.execute<{ id: string }[]>(
          `select id from plugin_tasks where step like ? and status in ('pending', 'processing')`,
          [importStepsPattern(importId)],
        );
        await this.queue.withdraw(em, userId, { taskIds: tasks.map((t) => t.id) }, { later: (w) => later.push(w) });
        return (await this.imports.byId(em, importId))!;
      }),
    );
    await Promise.all(later.map((w) => w()));
    return view;
  }
}
