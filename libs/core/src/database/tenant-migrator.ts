import type { Migration } from '@mikro-orm/migrations';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { quoteIdent } from './schema-name';

/** The ordered list of tenant migrations (the `migrations/tenant` folder; tests may provide their own). */
export const TENANT_MIGRATIONS = Symbol('TENANT_MIGRATIONS');

export interface TenantMigrationEntry {
  name: string;
  class: new (...args: ConstructorParameters<typeof Migration>) => Migration;
}

/**
 * Applies the tenant migrations to one schema inside the caller's transaction. MikroORM's Migrator keeps one
 * history table for one schema, so tenant migrations are MikroORM `Migration` classes whose SQL this runner
 * executes with `search_path` set to the target schema, tracking them in that schema's `schema_migrations`.
 */
@Injectable()
export class TenantMigrator {
  constructor(
    private readonly orm: MikroORM,
    @Inject(TENANT_MIGRATIONS) private readonly migrations: TenantMigrationEntry[],
  ) {}

  get head(): string | undefined {
    return this.migrations.at(-1)?.name;
  }

  async pending(em: EntityManager, schema: string): Promise<string[]> {
    const done = await this.executed(em, schema);
    return this.migrations.map((m) => m.name).filter((name) => !done.has(name));
  }

  /** Applies what is pending to `schema`; `tenantRole`, when given, gets DML on everything in it. */
  async up(em: EntityManager, schema: string, tenantRole?: string): Promise<string[]> {
    const done = await this.executed(em, schema);
    const applied: string[] = [];
    for (const migration of this.migrations) {
      if (done.has(migration.name)) continue;
      await this.run(em, migration, 'up');
      await em.execute(`insert into ${quoteIdent(schema)}.schema_migrations (name) values (?)`, [migration.name]);
      applied.push(migration.name);
    }
    if (tenantRole) await this.grantDml(em, schema, tenantRole);
    return applied;
  }

  /** Reverts the last `steps` applied migrations of `schema`, newest first. */
  async down(em: EntityManager, schema: string, steps = 1): Promise<string[]> {
    const done = await this.executed(em, schema);
    const reverted: string[] = [];
    for (const migration of [...this.migrations].reverse()) {
      if (reverted.length >= steps) break;
      if (!done.has(migration.name)) continue;
      await this.run(em, migration, 'down');
      await em.execute(`delete from ${quoteIdent(schema)}.schema_migrations where name = ?`, [migration.name]);
      reverted.push(migration.name);
    }
    return reverted;
  }

  private async executed(em: EntityManager, schema: string): Promise<Set<string>> {
    const s = quoteIdent(schema);
    await em.execute(`set local search_path to ${s}`);
    await em.execute(
      `create table if not exists ${s}.schema_migrations (name text primary key, executed_at timestamptz not null default now())`,
    );
    const rows = await em.execute<{ name: string }[]>(`select name from ${s}.schema_migrations`);
    return new Set(rows.map((r) => r.name));
  }

  private async run(
    em: EntityManager,
    { class: Class }: TenantMigrationEntry,
    direction: 'up' | 'down',
  ): Promise<void> {
    const migration = new Class(this.orm.em.getDriver(), this.orm.config);
    migration.setTransactionContext(em.getTransactionContext());
    await migration[direction]();
    for (const query of migration.getQueries()) await em.execute(typeof query === 'string' ? query : query.toString());
  }

  private async grantDml(em: EntityManager, schema: string, role: string): Promise<void> {
    const s = quoteIdent(schema);
    const r = quoteIdent(role);
    await em.execute(`grant select, insert, update, delete on all tables in schema ${s} to ${r}`);
    await em.execute(`grant usage, select, update on all sequences in schema ${s} to ${r}`);
  }
}
