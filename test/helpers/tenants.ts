import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { TenantProvisioner } from '@stoflow/core';

/** A tenant id no other test of this run uses (a sequence in the run's database). */
/** A fresh EntityManager on the public schema, for assertions about the database itself. */
export function sql(app: INestApplicationContext): EntityManager {
  return app.get<MikroORM>(MikroORM).em.fork();
}

export async function nextTenantId(app: INestApplicationContext): Promise<number> {
  const em = sql(app);
  await em.execute('create sequence if not exists public.test_tenant_ids start 900000');
  const [{ id }] = await em.execute<{ id: string }[]>("select nextval('public.test_tenant_ids') as id");
  return Number(id);
}

/** Provisions a fresh tenant schema + role through the real provisioner. */
export async function createTenant(app: INestApplicationContext): Promise<number> {
  const id = await nextTenantId(app);
  await app.get(TenantProvisioner).create(id);
  return id;
}
