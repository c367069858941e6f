import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Outbox, TenantContext, TenantDatabase, TenantProvisioner } from '@stoflow/core';
import { DueTenants } from '../due-tenants';
import { PluginTaskFailedEvent } from '../plugin-task-events';
import { PluginTasksRepository } from '../plugin-tasks.repository';
import { TaskWakeUps } from '../task-wake-ups';
import { SweepPluginTasksCommand, SweepReport } from './sweep-plugin-tasks.command';

const BATCH = 200;
/** A tenant being swept is not visited again before this, unless the sweep finishes (or a writer lowers it). */
const HOLD_MS = 60_000;

@CommandHandler(SweepPluginTasksCommand)
export class SweepPluginTasksHandler implements ICommandHandler<SweepPluginTasksCommand, SweepReport> {
  private readonly log = new Logger(SweepPluginTasksHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
    private readonly outbox: Outbox,
    private readonly due: DueTenants,
    private readonly wakeUps: TaskWakeUps,
    private readonly provisioner: TenantProvisioner,
  ) {}

  async execute(): Promise<SweepReport> {
    const report: SweepReport = { tenants: 0, timedOut: 0 };
    for (const tenantId of await this.due.due(Date.now(), BATCH)) {
      report.tenants += 1;
      report.timedOut += await this.sweep(tenantId).catch(async (error: unknown) => {
        if (!(await this.provisioner.exists(tenantId))) await this.due.forget(tenantId);
        else this.log.error({ err: error, tenantId }, 'Sweeping plugin tasks failed; retried later');
        return 0;
      });
    }
    return report;
  }

  private async sweep(tenantId: number): Promise<number> {
    const held = await this.due.hold(tenantId, Date.now() + HOLD_MS);
    const { expired, next } = await this.tenant.run(tenantId, () =>
      this.db.transaction(async (em) => {
        const rows = await this.tasks.expire(em);
        const events = rows.map(
          (t) => new PluginTaskFailedEvent(tenantId, t.id, t.jobId, t.step, t.attempt, 'timeout', null, null, null),
        );
        if (events.length > 0) await this.outbox.add(em, ...events);
        return { expired: rows.length, next: await this.tasks.nextDue(em) };
      }),
    );
    if (next) await this.due.mark(tenantId, next);
    else await this.due.release(tenantId, held);
    // A timed-out lease frees the user's slot.
    if (expired > 0) await this.wakeUps.notify(tenantId);
    return expired;
  }
}
