/**
 * GET /api/products?limit=20 on a tenant of 5,000 products, next to a baseline measured in the same run: a bare
 * Nest route of the same app doing one SELECT of 20 rows. Loopback only, bounded duration, a throw-away database.
 *   npm run bench:products   (BENCH_SECONDS=10, BENCH_CONNECTIONS=10; BENCH_EXTRA=1 adds reference routes that
 *   split the cost: an authenticated route without tenant transaction, one product, an empty list)
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { Public } from '@stoflow/core';
import autocannon from 'autocannon';
import { startApi } from '../../test/helpers/apps';
import { register } from '../../test/helpers/auth';
import { createTestDatabase } from '../../test/setup/test-database-migrate';
import { dropDatabaseAndRoles } from '../../test/setup/test-database';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PRODUCTS = 5000;
let baselineSchema = '';

@Controller('bench')
class BaselineController {
  constructor(private readonly orm: MikroORM) {}

  @Public()
  @Get('baseline')
  baseline(): Promise<unknown[]> {
    return this.orm.em.fork().execute(
      `select id, sku, title, price::text as price, currency, status, created_at from "${baselineSchema}".product
          where deleted_at is null order by created_at desc, id desc limit 20`,
    );
  }
}

@Module({ controllers: [BaselineController] })
class BaselineModule {}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(url: string, headers: Record<string, string> = {}): Promise<Figures> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  process.env.TEST_LOG_LEVEL ??= 'silent';
  await createTestDatabase();
  const app = await startApi(BaselineModule);
  try {
    const user = await register(app);
    baselineSchema = `user_${user.id}`;
    const em = app.get<MikroORM>(MikroORM).em.fork();
    await em.execute(
      `insert into "${baselineSchema}".product (id, sku, title, description, price, currency, color_ids, stock_quantity, status, created_at, updated_at)
       select gen_random_uuid(), 'B-' || n, 'Bench product ' || n, repeat('words ', 40), ((n % 500 + 1) || '.90')::numeric, 'EUR',
              '{1,3}', 1, 'active', now() - n * interval '1 minute', now() - n * interval '1 minute'
         from generate_series(1, ${PRODUCTS}) n`,
    );
    // Steady state: autovacuum has visited a table after 5,000 inserts (it sets the visibility map index-only scans use).
    await em.execute(`vacuum analyze "${baselineSchema}".product`);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const auth = { authorization: `Bearer ${user.accessToken}` };
    const check = await fetch(`${base}/api/products?limit=20`, { headers: auth });
    const page = (await check.json()) as { items: unknown[]; total: number };
    if (check.status !== 200 || page.items.length !== 20 || page.total !== PRODUCTS)
      throw new Error('bench setup failed');

    await measure(`${base}/bench/baseline`); // warm-up of both paths before measuring
    const baseline = await measure(`${base}/bench/baseline`);
    const products = await measure(`${base}/api/products?limit=20`, auth);
    const extra = process.env.BENCH_EXTRA
      ? ([
          ['attributes (auth, no tenant tx)', await measure(`${base}/api/attributes/seasons`, auth)],
          ['product by id', await measure(`${base}/api/products/${(page.items[0] as { id: string }).id}`, auth)],
          ['products?status=sold (empty)', await measure(`${base}/api/products?status=sold`, auth)],
        ] as const)
      : [];
    const row = (name: string, f: Figures) =>
      `${name.padEnd(36)} ${f.rps.toFixed(0).padStart(8)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   errors ${f.errors}`;
    console.log(`\n${PRODUCTS} products, ${CONNECTIONS} connections, ${SECONDS} s each, loopback`);
    console.log(row('baseline: bare route, 1 SELECT of 20', baseline));
    console.log(row('GET /api/products?limit=20', products));
    for (const [name, f] of extra) console.log(row(name, f));
    console.log(`ratio products / baseline: ${(products.rps / baseline.rps).toFixed(2)} (goal >= 0.50)`);
  } finally {
    await app.close();
    if (process.env.STOFLOW_TEST_DATABASE) await dropDatabaseAndRoles(process.env.STOFLOW_TEST_DATABASE);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
