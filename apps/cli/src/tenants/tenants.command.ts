import { MikroORM } from '@mikro-orm/postgresql';
import { Inject } from '@nestjs/common';
import { TENANT_MIGRATIONS, TenantMigrationEntry, TenantMigrationFanOut } from '@stoflow/core';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { CommandGroup, header, positiveInt } from '../users/cli-arguments';
import { printFanOutReport } from './fan-out-report';
import { ColumnRow, columnSignatures, driftOf } from './tenant-drift';

const print = (line: string) => process.stdout.write(`${line}\n`);

@SubCommand({ name: 'list', description: 'Registered tenants with their last migration' })
export class TenantsListCommand extends CommandRunner {
  constructor(private readonly orm: MikroORM) {
    super();
  }

  async run(): Promise<void> {
    const rows = await this.orm.em
      .fork()
      .execute<{ id: string; schema_name: string; migration: string | null; migrated_at: Date | null }[]>(
        'select id, schema_name, migration, migrated_at from public.tenants order by id',
      );
    print(header('id', 'schema', 'migration', 'migrated'));
    rows.forEach((r) =>
      print(
        `${r.id}\t${r.schema_name}\t${r.migration ?? '-'}\t${r.migrated_at ? new Date(r.migrated_at).toISOString() : '-'}`,
      ),
    );
    print(`${rows.length} tenants`);
  }
}

interface MigrateOptions {
  concurrency?: number;
  from?: number;
  dryRun?: boolean;
}

@SubCommand({ name: 'migrate', description: 'Bring every tenant schema to the head of the tenant migrations' })
export class TenantsMigrateCommand extends CommandRunner {
  constructor(private readonly fanOut: TenantMigrationFanOut) {
    super();
  }

  async run(_args: string[], options: MigrateOptions): Promise<void> {
    const bar = new SingleBar(
      {
        format: 'tenants [{bar}] {value}/{total} · {eta}s left · last user_{tenantId} {outcome}',
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    let started = false;
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    try {
      const report = await this.fanOut.run({
        concurrency: options.concurrency ?? 4,
        fromId: options.from,
        dryRun: options.dryRun ?? false,
        signal: abort.signal,
        onProgress: ({ done, total, tenantId, outcome }) => {
          if (!started) {
            bar.start(total, 0, { tenantId, outcome });
            started = true;
          }
          bar.update(done, { tenantId, outcome });
        },
      });
      if (started) bar.stop();
      if (!printFanOutReport(report)) process.exitCode = 1;
    } finally {
      process.removeListener('SIGINT', stop);
    }
  }

  @Option({ flags: '--concurrency <n>', description: 'tenants migrated at once (default 4, at most DB_POOL_MAX)' })
  concurrency(value: string) {
    return positiveInt('--concurrency')(value);
  }

  @Option({ flags: '--from <id>', description: 'resume from this tenant id' })
  from(value: string) {
    return positiveInt('--from')(value);
  }

  @Option({ flags: '--dry-run', description: 'list what would be migrated, change nothing' })
  dryRun() {
    return true;
  }
}

@SubCommand({
  name: 'verify',
  description: "Compare every tenant schema's migrations and columns with template_tenant; list drift",
})
export class TenantsVerifyCommand extends CommandRunner {
  constructor(
    private readonly orm: MikroORM,
    @Inject(TENANT_MIGRATIONS) private readonly migrations: TenantMigrationEntry[],
  ) {
    super();
  }

  async run(): Promise<void> {
    const em = this.orm.em.fork();
    const tenants = await em.execute<{ id: string; schema_name: string; present: boolean }[]>(
      `select t.id, t.schema_name, exists (select 1 from pg_namespace n where n.nspname = t.schema_name) as present
         from public.tenants t order by t.id`,
    );
    const orphans = await em.execute<{ nspname: string }[]>(
      `select nspname from pg_namespace where nspname ~ '^user_[0-9]+$'
         and nspname not in (select schema_name from public.tenants) order by nspname`,
    );
    const columns = await em.execute<ColumnRow[]>(
      `select table_schema as schema, table_name, column_name, data_type, is_nullable, column_default
         from information_schema.columns
        where table_schema = 'template_tenant' or table_schema in (select schema_name from public.tenants)`,
    );
    const applied = await this.appliedMigrations(tenants.filter((t) => t.present).map((t) => t.schema_name));
    const expected = this.migrations.map((m) => m.name);
    const template = columnSignatures(columns, 'template_tenant');
    let drifting = 0;
    for (const t of tenants) {
      const problems = t.present
        ? driftOf(expected, applied.get(t.schema_name) ?? [], template, columnSignatures(columns, t.schema_name))
        : ['schema is missing'];
      if (problems.length) drifting += 1;
      problems.forEach((p) => print(`${t.schema_name}: ${p}`));
    }
    orphans.forEach((o) => print(`${o.nspname}: schema without a tenant registry row`));
    print(`${tenants.length} tenants · ${drifting} drifting · ${orphans.length} orphan schemas`);
    if (drifting || orphans.length) process.exitCode = 1;
  }

  private async appliedMigrations(schemas: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (!schemas.length) return result;
    const withTable = await this.orm.em
      .fork()
      .execute<{ table_schema: string }[]>(
        `select table_schema from information_schema.tables where table_name = 'schema_migrations' and table_schema in (?)`,
        [schemas],
      );
    const em = this.orm.em.fork();
    for (const { table_schema: schema } of withTable) {
      const rows = await em.execute<{ name: string }[]>(
        `select name from "${schema.replace(/"/g, '')}".schema_migrations`,
      );
      result.set(
        schema,
        rows.map((r) => r.name),
      );
    }
    return result;
  }
}

@Command({
  name: 'tenants',
  description: 'Tenant schemas: list, migrate, verify',
  subCommands: [TenantsListCommand, TenantsMigrateCommand, TenantsVerifyCommand],
})
export class TenantsCommand extends CommandGroup {}
