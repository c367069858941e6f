import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { quoteIdent, tenantGroupRoleName, tenantRoleName, tenantSchemaName } from './schema-name';
import { TenantMigrator } from './tenant-migrator';

/**
 * Creates and erases tenants: the schema `user_{id}`, its PostgreSQL role, the tenant migrations and the
 * registry row, all in one transaction (the caller's, when it passes one), so a failure leaves nothing.
 */
@Injectable()
export class TenantProvisioner {
  constructor(
    private readonly orm: MikroORM,
    private readonly migrator: TenantMigrator,
    private readonly config: AppConfig,
  ) {}

  async create(tenantId: number, em?: EntityManager): Promise<void> {
    return this.inTransaction(em, async (tem) => {
      const schema = tenantSchemaName(tenantId);
      const role = tenantRoleName(this.config.roleNamespace, tenantId);
      const [s, r] = [quoteIdent(schema), quoteIdent(role)];
      await tem.execute(`create schema ${s}`);
      // A role may outlive a failed erase in another database of the same namespace only by mistake; reuse it.
      await tem.execute(`do $$ begin create role ${r} nologin; exception when duplicate_object then null; end $$`);
      await tem.execute(`grant ${r} to current_user`);
      await tem.execute(`grant ${quoteIdent(tenantGroupRoleName(this.config.roleNamespace))} to ${r}`);
      await tem.execute(`grant usage on schema ${s} to ${r}`);
      const applied = await this.migrator.up(tem, schema, role);
      await tem.execute(
        `insert into public.tenants (id, schema_name, role_name, migration, migrated_at) values (?, ?, ?, ?, now())`,
        [tenantId, schema, role, applied.at(-1) ?? null],
      );
    });
  }

  /** Drops the tenant's schema (every table in it), its role and its registry row. */
  async erase(tenantId: number, em?: EntityManager): Promise<void> {
    return this.inTransaction(em, async (tem) => {
      const schema = quoteIdent(tenantSchemaName(tenantId));
      const role = quoteIdent(tenantRoleName(this.config.roleNamespace, tenantId));
      await tem.execute(`drop schema if exists ${schema} cascade`);
      await tem.execute(`delete from public.tenants where id = ?`, [tenantId]);
      await tem.execute(
        `do $$ begin if exists (select 1 from pg_roles where rolname = '${tenantRoleName(this.config.roleNamespace, tenantId)}') then
           execute 'drop owned by ${role}';
           execute 'drop role ${role}';
         end if; end $$`,
      );
    });
  }

  async exists(tenantId: number): Promise<boolean> {
    const rows = await this.orm.em
      .fork()
      .execute<{ n: number }[]>('select count(*)::int as n from public.tenants where id = ?', [tenantId]);
    return rows[0].n > 0;
  }

  /** Every tenant's id, in order (for the workers that must look at each tenant once, e.g. at start). */
  async ids(): Promise<number[]> {
    const rows = await this.orm.em.fork().execute<{ id: string }[]>('select id from public.tenants order by id');
    return rows.map((r) => Number(r.id));
  }

  private inTransaction<T>(em: EntityManager | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (em?.isInTransaction()) return work(em);
    return (em ?? this.orm.em.fork()).transactional(work);
  }
}
