import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { tenantRoleName, tenantSchemaName } from './schema-name';
import { TenantMigrator } from './tenant-migrator';

export type TenantOutcome = 'migrated' | 'up-to-date' | 'failed' | 'would-migrate';

export interface FanOutProgress {
  done: number;
  total: number;
  tenantId: number;
  outcome: TenantOutcome;
}

export interface FanOutOptions {
  concurrency?: number;
  /** Only these tenants (default: every registered tenant). */
  tenantIds?: number[];
  /** Resume from this tenant id (inclusive), in id order. */
  fromId?: number;
  /** List what would be applied, change nothing. */
  dryRun?: boolean;
  onProgress?: (progress: FanOutProgress) => void;
  /** Aborting stops starting new tenants; those never reached are listed in the report. */
  signal?: AbortSignal;
}

export interface FanOutReport {
  total: number;
  migrated: number[];
  upToDate: number[];
  wouldMigrate: number[];
  failed: { tenantId: number; error: string }[];
  notReached: number[];
}

const MIGRATION_LOCK = 0x5f0f10;

/** Brings every tenant schema to the head of the tenant migrations: one transaction per tenant, N at a time. */
@Injectable()
export class TenantMigrationFanOut {
  private readonly logger = new Logger(TenantMigrationFanOut.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly migrator: TenantMigrator,
    private readonly config: AppConfig,
  ) {}

  async run(options: FanOutOptions = {}): Promise<FanOutReport> {
    const ids = await this.tenantIds(options);
    const report: FanOutReport = {
      total: ids.length,
      migrated: [],
      upToDate: [],
      wouldMigrate: [],
      failed: [],
      notReached: [],
    };
    const queue = [...ids];
    let done = 0;
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (options.signal?.aborted) {
          report.notReached.push(id, ...queue.splice(0));
          return;
        }
        const outcome = await this.migrateOne(id, options.dryRun ?? false, report);
        done += 1;
        options.onProgress?.({ done, total: ids.length, tenantId: id, outcome });
      }
    };
    const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, this.config.DB_POOL_MAX, ids.length || 1));
    await Promise.all(Array.from({ length: concurrency }, worker));
    for (const list of [report.migrated, report.upToDate, report.wouldMigrate, report.notReached])
      list.sort((a, b) => a - b);
    report.failed.sort((a, b) => a.tenantId - b.tenantId);
    return report;
  }

  private async migrateOne(tenantId: number, dryRun: boolean, report: FanOutReport): Promise<TenantOutcome> {
    const schema = tenantSchemaName(tenantId);
    try {
      const outcome = await this.orm.em.fork().transactional(async (em) => {
        await em.execute('select pg_advisory_xact_lock(?, ?)', [MIGRATION_LOCK, tenantId]);
        const pending = await this.migrator.pending(em, schema);
        if (pending.length === 0) return 'up-to-date' as const;
        if (dryRun) return 'would-migrate' as const;
        const applied = await this.migrator.up(em, schema, tenantRoleName(this.config.roleNamespace, tenantId));
        await em.execute('update public.tenants set migration = ?, migrated_at = now() where id = ?', [
          applied.at(-1),
          tenantId,
        ]);
        return 'migrated' as const;
      });
      ({ migrated: report.migrated, 'up-to-date': report.upToDate, 'would-migrate': report.wouldMigrate })[
        outcome
      ].push(tenantId);
      return outcome;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ tenantId, err: message }, `Tenant ${tenantId} could not be migrated`);
      report.failed.push({ tenantId, error: message });
      return 'failed';
    }
  }

  private async tenantIds(options: FanOutOptions): Promise<number[]> {
    const rows = await this.orm.em
      .fork()
      .execute<{ id: string }[]>('select id from public.tenants where id >= ? order by id', [options.fromId ?? 1]);
    const all = rows.map((r) => Number(r.id));
    if (!options.tenantIds) return all;
    const wanted = new Set(options.tenantIds);
    return all.filter((id) => wanted.has(id));
  }
}
