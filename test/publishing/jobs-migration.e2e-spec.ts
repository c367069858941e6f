import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { TenantMigrator, tenantSchemaName } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { startWorker } from '../helpers/apps';
import { createTenant, sql } from '../helpers/tenants';

const MIGRATION = 'Migration20261205000100_marketplace_jobs';
/** Applied after it: reverted first, and applied again with it. */
const LATER = [
  'Migration20261205000200_marketplace_connections',
  'Migration20261205000300_product_when_made',
  'Migration20261205000400_orders',
  'Migration20261205000600_vinted_order_syncs',
  'Migration20261206000100_vinted_imports',
  'Migration20261206000200_etsy',
  'Migration20261206000300_ebay',
  'Migration20261206000400_product_relist_on_cancel',
  'Migration20261207000100_vinted_conversations',
  'Migration20261207000300_product_unmapped_values',
  'Migration20261207000310_vinted_import_pass',
  'Migration20261207000320_product_image_uploads',
  'Migration20261207000400_vinted_order_sync_again',
];

/** The move of `vinted_jobs` into `marketplace_jobs`, up and down, on a tenant that holds jobs. */
describe('tenant migration: one jobs table for every marketplace', () => {
  let app: INestApplicationContext;
  let tenantId: number;
  let schema: string;

  beforeAll(async () => {
    app = await startWorker();
    tenantId = await createTenant(app);
    schema = tenantSchemaName(tenantId);
  });
  afterAll(() => app.close());

  const migrator = () => app.get(TenantMigrator);
  const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) =>
    app
      .get(MikroORM)
      .em.fork()
      .transactional((em) => work(em as EntityManager));
  const tables = async () =>
    (
      await sql(app).execute<{ table_name: string }[]>(
        `select table_name from information_schema.tables
          where table_schema = ? and table_name in ('vinted_jobs', 'marketplace_jobs')`,
        [schema],
      )
    ).map((r) => r.table_name);

  it('keeps every Vinted job through up and down; down drops only jobs of other marketplaces', async () => {
    const reverted = await inTransaction((em) => migrator().down(em, schema, LATER.length + 1));
    expect(reverted).toEqual([...LATER].reverse().concat(MIGRATION));
    expect(await tables()).toEqual(['vinted_jobs']);

    const [running, failed, product, task] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const state = { basedOn: 4, photos: [{ imageId: 'i1', url: 'u', photoId: 77 }], creates: 1 };
    await sql(app).execute(
      `insert into "${schema}".vinted_jobs
         (id, action, product_id, status, step, task_id, state, progress_done, progress_total, attempts, expires_at, started_at)
       values (?, 'publish', ?, 'running', 'create-item', ?, ?::jsonb, 1, 2, 1, now() + interval '1 day', now()),
              (?, 'delete', ?, 'failed', 'delete-item', null, '{}'::jsonb, 0, 1, 2, now(), now())`,
      [running, product, task, JSON.stringify(state), failed, product],
    );

    expect(await inTransaction((em) => migrator().up(em, schema))).toEqual([MIGRATION, ...LATER]);
    expect(await tables()).toEqual(['marketplace_jobs']);
    const moved = await sql(app).execute<Record<string, unknown>[]>(
      `select id, marketplace, action, status, step, call_id, state, progress_done, attempts
         from "${schema}".marketplace_jobs order by action desc`,
    );
    expect(moved).toEqual([
      {
        id: running,
        marketplace: 'vinted',
        action: 'publish',
        status: 'running',
        step: 'create-item',
        call_id: task,
        state,
        progress_done: 1,
        attempts: 1,
      },
      {
        id: failed,
        marketplace: 'vinted',
        action: 'delete',
        status: 'failed',
        step: 'delete-item',
        call_id: null,
        state: {},
        progress_done: 0,
        attempts: 2,
      },
    ]);
    // A job of another marketplace, and a marketplace the table does not know.
    await sql(app).execute(
      `insert into "${schema}".marketplace_jobs (id, marketplace, action, product_id, expires_at)
       values (?, 'ebay', 'publish', ?, now() + interval '1 day')`,
      [randomUUID(), product],
    );
    await expect(
      sql(app).execute(
        `insert into "${schema}".marketplace_jobs (id, marketplace, action, product_id, expires_at)
         values (?, 'leboncoin', 'publish', ?, now())`,
        [randomUUID(), product],
      ),
    ).rejects.toThrow(/marketplace_jobs_marketplace_check|check constraint/);

    await inTransaction((em) => migrator().down(em, schema, LATER.length + 1));
    const back = await sql(app).execute<{ id: string; task_id: string | null; state: unknown }[]>(
      `select id, task_id, state from "${schema}".vinted_jobs order by action desc`,
    );
    expect(back).toEqual([
      { id: running, task_id: task, state },
      { id: failed, task_id: null, state: {} },
    ]);

    // Up again: the tenant ends where every other tenant is.
    await inTransaction((em) => migrator().up(em, schema));
    expect(await inTransaction((em) => migrator().pending(em, schema))).toEqual([]);
  });
});
