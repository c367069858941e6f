import { Injectable, Logger } from '@nestjs/common';
import { TenantContext, TenantDatabase, TenantProvisioner } from '@stoflow/core';
import { JobSettings } from '../job-settings';
import { MarketplaceJobsRepository } from '../marketplace-jobs.repository';
import { DueJobTenants } from './due-job-tenants';
import { JobRunner } from './job-runner';

const TENANTS_PER_SWEEP = 100;
const JOBS_PER_TENANT = 100;
/** A tenant being swept is not visited again before this, unless the sweep finishes. */
const HOLD_MS = 60_000;

/**
 * The safety net under the runner's event-driven steps: it runs the jobs whose back-off is over, expires those
 * past their time, and looks at any live job left idle (a step request lost in a crash, a wake-up that never
 * came). Only tenants with live jobs are visited (a Redis sorted set), never every schema.
 */
@Injectable()
export class JobsSweeper {
  private readonly log = new Logger(JobsSweeper.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly jobs: MarketplaceJobsRepository,
    private readonly due: DueJobTenants,
    private readonly runner: JobRunner,
    private readonly provisioner: TenantProvisioner,
    private readonly settings: JobSettings,
  ) {}

  async sweep(): Promise<{ tenants: number; jobs: number }> {
    const report = { tenants: 0, jobs: 0 };
    for (const tenantId of await this.due.due(Date.now(), TENANTS_PER_SWEEP)) {
      report.tenants += 1;
      report.jobs += await this.sweepTenant(tenantId).catch(async (error: unknown) => {
        if (!(await this.provisioner.exists(tenantId))) await this.due.forget(tenantId);
        else this.log.error({ err: error, tenantId }, 'Sweeping jobs failed; retried later');
        return 0;
      });
    }
    return report;
  }

  private async sweepTenant(tenantId: number): Promise<number> {
    const held = await this.due.hold(tenantId, Date.now() + HOLD_MS);
    const ids = await this.tenant.run(tenantId, () =>
      this.db.transaction((em) => this.jobs.due(em, this.settings.idleCheckMs, JOBS_PER_TENANT), { readOnly: true }),
    );
    for (const jobId of ids) {
      await this.runner.advance(tenantId, jobId).catch((error: unknown) => {
        this.log.error({ err: error, tenantId, jobId }, 'A job step failed in the sweep; retried later');
      });
    }
    const next = await this.tenant.run(tenantId, () =>
      this.db.transaction((em) => this.jobs.nextDue(em, this.settings.idleCheckMs), { readOnly: true }),
    );
    if (next) await this.due.mark(tenantId, next);
    else await this.due.release(tenantId, held);
    return ids.length;
  }
}
