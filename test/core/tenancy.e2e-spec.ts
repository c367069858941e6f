import { INestApplicationContext } from '@nestjs/common';
import {
  AppConfig,
  firstDelivery,
  MissingTenantContext,
  TenantContext,
  TenantDatabase,
  TenantProvisioner,
  tenantRoleName,
} from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { startWorker } from '../helpers/apps';
import { createTenant, sql } from '../helpers/tenants';

describe('tenant isolation', () => {
  let app: INestApplicationContext;
  let context: TenantContext;
  let db: TenantDatabase;

  beforeAll(async () => {
    app = await startWorker();
    context = app.get(TenantContext);
    db = app.get(TenantDatabase);
  });
  afterAll(() => app.close());

  const handledIn = (tenantId: number) =>
    context.run(tenantId, () =>
      db.transaction(
        async (em) =>
          (await em.execute<{ event_id: string }[]>('select event_id from handled_events')).map((r) => r.event_id),
        {
          readOnly: true,
        },
      ),
    );

  it('gives each tenant its own rows', async () => {
    const [a, b] = [await createTenant(app), await createTenant(app)];
    const [eventA, eventB] = [randomUUID(), randomUUID()];
    await context.run(a, () => db.transaction((em) => firstDelivery(em, 'test', eventA)));
    await context.run(b, () => db.transaction((em) => firstDelivery(em, 'test', eventB)));

    expect(await handledIn(a)).toEqual([eventA]);
    expect(await handledIn(b)).toEqual([eventB]);
  });

  it("refuses, in the database, a raw query of tenant A that names tenant B's table", async () => {
    const [a, b] = [await createTenant(app), await createTenant(app)];
    await context.run(b, () => db.transaction((em) => firstDelivery(em, 'test', randomUUID())));

    const attempt = context.run(a, () =>
      db.transaction((em) => em.execute(`select * from "user_${b}".handled_events`)),
    );
    await expect(attempt).rejects.toThrow(/permission denied for schema user_\d+/);
    const write = context.run(a, () =>
      db.transaction((em) =>
        em.execute(`insert into "user_${b}".handled_events (handler, event_id) values ('x', ?)`, [randomUUID()]),
      ),
    );
    await expect(write).rejects.toThrow(/permission denied/);
    expect(await handledIn(b)).toHaveLength(1);
  });

  it('cannot read shared account tables or the outbox under a tenant role', async () => {
    const a = await createTenant(app);
    await expect(
      context.run(a, () => db.transaction((em) => em.execute('select * from public.tenants'))),
    ).rejects.toThrow(/permission denied for table tenants/);
    await expect(
      context.run(a, () => db.transaction((em) => em.execute('select * from public.outbox_events'))),
    ).rejects.toThrow(/permission denied for table outbox_events/);
  });

  it('single-statement reads run under the tenant role too, and read-only', async () => {
    const [a, b] = [await createTenant(app), await createTenant(app)];
    const eventA = randomUUID();
    await context.run(a, () => db.transaction((em) => firstDelivery(em, 'test', eventA)));
    const own = await context.run(a, () =>
      db.read<{ event_id: string }>('select event_id from handled_events where handler = ?', ['test']),
    );
    expect(own.map((r) => r.event_id)).toEqual([eventA]);
    await expect(context.run(a, () => db.read(`select * from "user_${b}".handled_events`))).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      context.run(a, () =>
        db.read(`insert into handled_events (handler, event_id) values ('x', ?) returning 1`, [randomUUID()]),
      ),
    ).rejects.toThrow(/read-only transaction/);
    await expect(db.read('select 1')).rejects.toBeInstanceOf(MissingTenantContext);
  });

  it('throws when there is no tenant context', async () => {
    await expect(db.transaction(async () => 1)).rejects.toBeInstanceOf(MissingTenantContext);
  });

  it('provisions schema, role and migrations in one transaction, and leaves nothing when it fails', async () => {
    const provisioner = app.get(TenantProvisioner);
    const id = await createTenant(app);
    const tablesOf = async (schema: string) =>
      (
        await sql(app).execute<{ table_name: string }[]>(
          `select table_name from information_schema.tables where table_schema = ? order by 1`,
          [schema],
        )
      ).map((t) => t.table_name);
    const tables = await tablesOf(`user_${id}`);
    expect(tables).toEqual(expect.arrayContaining(['handled_events', 'schema_migrations']));
    expect(tables).toEqual(await tablesOf('template_tenant'));

    // Same id again: the schema exists, so the whole creation rolls back and the first tenant is untouched.
    await expect(provisioner.create(id)).rejects.toThrow(/already exists/);
    const registry = await sql(app).execute('select id from public.tenants where id = ?', [id]);
    expect(registry).toHaveLength(1);

    const failing = id + 500_000;
    await expect(
      sql(app).transactional(async (em) => {
        await provisioner.create(failing, em);
        throw new Error('a later step of the caller failed');
      }),
    ).rejects.toThrow('a later step');
    const leftovers = await sql(app).execute<{ n: number }[]>(
      `select (select count(*) from pg_namespace where nspname = ?)::int + (select count(*) from public.tenants where id = ?)::int as n`,
      [`user_${failing}`, failing],
    );
    expect(leftovers[0].n).toBe(0);
  });

  it('refuses a NUL character on the one-round-trip paths as bad input, whoever sends it', async () => {
    const id = await createTenant(app);
    const db = app.get(TenantDatabase);
    const read = (value: string) =>
      app.get(TenantContext).run(id, () => db.read<{ v: string }>('select ?::text as v', [value]));
    expect(await read("it's fine")).toEqual([{ v: "it's fine" }]);
    await expect(read('a\u0000b')).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    await expect(
      app.get(TenantContext).run(id, () => db.script('select ?::text as v', ['\u0000'])),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('erases a tenant: schema, role and registry row', async () => {
    const id = await createTenant(app);
    await app.get(TenantProvisioner).erase(id);
    const [{ schemas, roles }] = await sql(app).execute<{ schemas: number; roles: number }[]>(
      `select (select count(*) from pg_namespace where nspname = ?)::int as schemas,
                (select count(*) from pg_roles where rolname = ?)::int as roles`,
      // This database's role only: other databases on the server (other runs) may hold a tenant of the same id.
      [`user_${id}`, tenantRoleName(app.get(AppConfig).roleNamespace, id)],
    );
    expect({ schemas, roles }).toEqual({ schemas: 0, roles: 0 });
  });
});
