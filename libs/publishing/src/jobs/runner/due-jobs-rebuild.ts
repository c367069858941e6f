import { MikroORM } from '@mikro-orm/postgresql';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { quotedTenantSchema, TenantProvisioner } from '@stoflow/core';
import { JobSettings } from '../job-settings';
import { DueJobTenants } from './due-job-tenants';

/** Tenants read per statement. */
const BATCH = 500;

/**
 * Puts every tenant with a live job back on the sweeper's due list, from the rows. The list lives in Redis, which
 * may have been emptied, flushed or shared; the rows are the truth. Runs in the background at the worker's start,
 * one statement per 500 tenants. It is the scheduler's own read, with the application's rights, of when each
 * tenant next needs a look (a tenant id and a time, never a row's content): the runner then enters each tenant as
 * usual.
 */
@Injectable()
export class DueJobsRebuild implements BeforeApplicationShutdown {
  private readonly log = new Logger(DueJobsRebuild.name);
  private running: Promise<number> | undefined;
  private stopping = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly provisioner: TenantProvisioner,
    private readonly due: DueJobTenants,
    private readonly settings: JobSettings,
  ) {}

  /** Starts the rebuild; answers at once (the sweeper works with what is already marked meanwhile). */
  start(): void {
    this.running = this.rebuild().catch((error: unknown) => {
      this.log.error({ err: error }, 'Could not rebuild the list of tenants with live jobs; the idle checks remain');
      return 0;
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Answers how many tenants have a live job. */
  async rebuild(): Promise<number> {
    const ids = await this.provisioner.ids();
    let marked = 0;
    for (let i = 0; i < ids.length && !this.stopping; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const reads = batch.map(
        (id) =>
          `select ${id}::bigint as tenant_id, min(least(expires_at, coalesce(next_run_at, updated_at + ? * interval '1 millisecond'))) as due
             from ${quotedTenantSchema(id)}.marketplace_jobs where status in ('pending', 'running')`,
      );
      const rows = await this.orm.em
        .fork()
        .execute<{ tenant_id: string; due: Date | string | null }[]>(
          `select tenant_id, due from (${reads.join(' union all ')}) d where due is not null`,
          batch.map(() => this.settings.idleCheckMs),
        )
        // A tenant erased between the list and the read fails the statement: its batch is read one by one.
        .catch(() => this.oneByOne(batch));
      await this.due.markAll(rows.map((r) => ({ tenantId: Number(r.tenant_id), at: new Date(r.due!) })));
      marked += rows.length;
    }
    return marked;
  }

  private async oneByOne(ids: number[]): Promise<{ tenant_id: string; due: Date | string | null }[]> {
    const found: { tenant_id: string; due: Date | string | null }[] = [];
    for (const id of ids) {
      if (this.stopping) break;
      const rows = await this.orm.em
        .fork()
        .execute<{ tenant_id: string; due: Date | string | null }[]>(
          `select ?::bigint as tenant_id, min(least(expires_at, coalesce(next_run_at, updated_at + ? * interval '1 millisecond'))) as due
             from ${quotedTenantSchema(id)}.marketplace_jobs where status in ('pending', 'running')`,
          [id, this.settings.idleCheckMs],
        )
        .catch(() => []);
      found.push(...rows.filter((r) => r.due !== null));
    }
    return found;
  }
}
