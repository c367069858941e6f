import { Migration } from '@mikro-orm/migrations';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, FanOutProgress, TENANT_MIGRATIONS, TenantMigrationFanOut } from '@stoflow/core';
import { tenantMigrations } from '@stoflow/migrations';
import { startWorker } from '../helpers/apps';
import { createTenant, sql } from '../helpers/tenants';

class Migration29990101000000_parcels extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table parcels (id serial primary key, label text not null)');
  }
  override async down(): Promise<void> {
    this.addSql('drop table parcels');
  }
}

/** The CLI's context, with one tenant migration more than the tenants have. */
async function appWithNewMigration(): Promise<INestApplicationContext> {
  @Module({
    imports: [CoreModule.forRoot({ app: 'cli' })],
  })
  class Root {}
  const app = await NestFactory.createApplicationContext(Root, { logger: false, abortOnError: false, preview: false });
  return app;
}

describe('tenant migration fan-out', () => {
  let base: INestApplicationContext;
  let next: INestApplicationContext;
  let tenants: number[];
  let broken: number;

  beforeAll(async () => {
    base = await startWorker();
    tenants = [];
    for (let i = 0; i < 50; i += 1) tenants.push(await createTenant(base));
    broken = tenants[17];
    // Something a tenant schema should not have: the new migration's table, already there.
    await sql(base).execute(`create table "user_${broken}".parcels (id int)`);
    next = await appWithNewMigration();
    const migrations = next.get<{ name: string }[]>(TENANT_MIGRATIONS);
    migrations.push({ name: 'Migration29990101000000_parcels', class: Migration29990101000000_parcels } as never);
  });
  afterAll(async () => {
    const migrations = next.get<{ name: string }[]>(TENANT_MIGRATIONS);
    migrations.splice(tenantMigrations.length);
    await next.close();
    await base.close();
  });

  it('migrates every tenant but the broken one, lists the failure, and reports progress', async () => {
    const progress: FanOutProgress[] = [];
    const report = await next
      .get(TenantMigrationFanOut)
      .run({ concurrency: 4, tenantIds: tenants, onProgress: (p) => progress.push(p) });

    expect(report.total).toBe(50);
    expect(report.migrated).toEqual(tenants.filter((t) => t !== broken));
    expect(report.failed).toEqual([
      { tenantId: broken, error: expect.stringMatching(/relation "parcels" already exists/) },
    ]);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(progress.find((p) => p.tenantId === broken)?.outcome).toBe('failed');

    // The failed tenant is left exactly as it was: one transaction per tenant.
    const [row] = await sql(base).execute(
      `select count(*)::int as n from "user_${broken}".schema_migrations where name like '%parcels'`,
    );
    expect(row.n).toBe(0);
    const [migrated] = await sql(base).execute(`select migration from public.tenants where id = ?`, [tenants[0]]);
    expect(migrated.migration).toBe('Migration29990101000000_parcels');
  });

  it('is resumable: tenants at head are skipped, the repaired one is migrated', async () => {
    await sql(base).execute(`drop table "user_${broken}".parcels`);
    const report = await next.get(TenantMigrationFanOut).run({ concurrency: 3, tenantIds: tenants });
    expect(report.migrated).toEqual([broken]);
    expect(report.upToDate).toHaveLength(49);
    expect(report.failed).toEqual([]);
    // The new table works under the tenant's own role.
    const [{ n }] = await sql(base).execute(`select has_table_privilege(?, ?, 'INSERT')::int as n`, [
      `${process.env.STOFLOW_TEST_DATABASE}_t${broken}`,
      `user_${broken}.parcels`,
    ]);
    expect(n).toBe(1);
  });

  it('stops starting tenants when aborted and lists those it never reached', async () => {
    const controller = new AbortController();
    const report = await next.get(TenantMigrationFanOut).run({
      concurrency: 1,
      tenantIds: tenants,
      dryRun: true,
      onProgress: (p) => p.done === 10 && controller.abort(),
      signal: controller.signal,
    });
    expect(report.upToDate).toHaveLength(10);
    expect(report.notReached).toEqual(tenants.slice(10));
  });
});
