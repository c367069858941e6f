import { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { RegisterCommand } from '@stoflow/auth';
import { CreateProductCommand } from '@stoflow/catalog';
import { AppConfig, TenantContext } from '@stoflow/core';
import { JobView, ListJobsQuery, RequestJobsCommand } from '@stoflow/publishing';
import { JobSettings } from '../../libs/publishing/src/jobs/job-settings';
import { EbayDriver } from '../../libs/ebay/src/listings/ebay.driver';
import { TestMarketplaceDriver } from '../fakes/marketplace/test-marketplace.driver';
import { startWorkerReplacing } from '../helpers/apps';
import { sql } from '../helpers/tenants';
import { createTestDatabase } from '../setup/test-database-migrate';
import { dropDatabaseAndRoles } from '../setup/test-database';
import { until } from '../vinted/jobs-helpers';

const JOBS = 8;

/**
 * Two installs (each its own database) on one Redis, with no QUEUE_PREFIX set: each derives its prefix from its
 * database, so neither takes the other's job steps nor drops the other's tenants from its sweeper's list. The idle
 * check is set far beyond the test's patience, so a job whose step went to the wrong install would not finish.
 */
describe('Publishing: two installs on one Redis', () => {
  const shared = { ...process.env };
  const installs: { worker: INestApplicationContext; database: string }[] = [];

  async function install(): Promise<{ worker: INestApplicationContext; database: string }> {
    delete process.env.QUEUE_PREFIX;
    // What is shared is the queues, not a marketplace: a driver that answers at once stands in for eBay's.
    const worker = await startWorkerReplacing([[EbayDriver, TestMarketplaceDriver]]);
    Object.assign(worker.get(JobSettings), { idleCheckMs: 10 * 60_000 });
    return { worker, database: process.env.STOFLOW_TEST_DATABASE! };
  }

  // Both installs on databases of their own: the workers of the suites running beside this one have no test
  // marketplace.
  beforeAll(async () => {
    await createTestDatabase();
    installs.push(await install());
    await createTestDatabase();
    installs.push(await install());
  });
  afterAll(async () => {
    for (const { worker, database } of installs) {
      await worker.close();
      await dropDatabaseAndRoles(database);
    }
    process.env = shared;
  });

  /** A seller of the install with `JOBS` products published on the test marketplace (one job each). */
  async function publishMany(worker: INestApplicationContext, n: number): Promise<{ userId: number; jobs: JobView[] }> {
    const commands = worker.get(CommandBus);
    const { user } = await commands.execute(
      new RegisterCommand(`two-installs-${n}-${Date.now()}@example.com`, 'a-long-password-1'),
    );
    TestMarketplaceDriver.connectedUsers.add(user.id);
    const [brand] = await sql(worker).execute<{ id: number }[]>(
      "select id from product_attributes.brands where code = 'nike'",
    );
    const jobs = await worker.get(TenantContext).run(user.id, async () => {
      const ids: string[] = [];
      for (let i = 0; i < JOBS; i += 1) {
        const product = await commands.execute(
          new CreateProductCommand({
            title: `Install ${n} item ${i}`,
            price: '10.00',
            stockQuantity: 1,
            brandId: brand.id,
          }),
        );
        ids.push(product.id);
      }
      return commands.execute(new RequestJobsCommand(user.id, 'publish', ids, ['ebay']));
    });
    return { userId: user.id, jobs };
  }

  it('each install completes its own jobs at once', async () => {
    const [a, b] = installs;
    expect(a.worker.get(AppConfig).QUEUE_PREFIX).toBe(`stoflow_${a.database}`);
    expect(b.worker.get(AppConfig).QUEUE_PREFIX).toBe(`stoflow_${b.database}`);
    const [onA, onB] = await Promise.all([publishMany(a.worker, 1), publishMany(b.worker, 2)]);
    expect(onA.jobs).toHaveLength(JOBS);
    expect(onB.jobs).toHaveLength(JOBS);

    for (const [{ worker }, { userId }] of [
      [a, onA],
      [b, onB],
    ] as const) {
      await until(
        `the jobs of ${userId}`,
        async () => {
          const page = await worker
            .get(TenantContext)
            .run(userId, () => worker.get(QueryBus).execute(new ListJobsQuery(1, 100, { status: 'completed' })));
          return page.total === JOBS;
        },
        15_000,
      );
    }
  });
});
