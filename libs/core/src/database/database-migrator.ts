import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { quoteIdent, tenantGroupRoleName } from './schema-name';
import { FanOutOptions, FanOutReport, TenantMigrationFanOut } from './tenant-fan-out';
import { TenantMigrator } from './tenant-migrator';

export interface MigrationSummary {
  shared: string[];
  template: string[];
  tenants: FanOutReport;
}

/** Brings a database to head: shared migrations, the tenants' group role, template_tenant, then every tenant. */
@Injectable()
export class DatabaseMigrator {
  constructor(
    private readonly orm: MikroORM,
    private readonly tenantMigrator: TenantMigrator,
    private readonly fanOut: TenantMigrationFanOut,
    private readonly config: AppConfig,
  ) {}

  async migrateAll(fanOut: FanOutOptions = {}): Promise<MigrationSummary> {
    const shared = (await this.orm.getMigrator().up()).map((m) => m.name);
    const template = await this.orm.em.fork().transactional(async (em) => {
      await this.ensureTenantGroupRole(em);
      return this.tenantMigrator.up(em, 'template_tenant');
    });
    return { shared, template, tenants: await this.fanOut.run(fanOut) };
  }

  /** The role every tenant role belongs to: read access to reference data, insert-only on the outbox. */
  private async ensureTenantGroupRole(em: EntityManager): Promise<void> {
    const group = quoteIdent(tenantGroupRoleName(this.config.roleNamespace));
    await em.execute(
      `do $$ begin create role ${group} nologin; exception when duplicate_object or unique_violation then null; end $$`,
    );
    await em.execute(`grant usage on schema product_attributes to ${group}`);
    await em.execute(`grant select on all tables in schema product_attributes to ${group}`);
    await em.execute(`alter default privileges in schema product_attributes grant select on tables to ${group}`);
    await em.execute(`grant usage on schema public to ${group}`);
    await em.execute(`grant insert on public.outbox_events to ${group}`);
    await em.execute(`grant usage on sequence public.outbox_events_id_seq to ${group}`);
  }
}
