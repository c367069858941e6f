/**
 * `npm run bench:register`: registrations per second and p50/p95 of POST /api/auth/register (argon2id, user row,
 * tenant schema + role + migrations, tokens) next to a baseline measured in the same run: the same rows and
 * schema created with plain SQL through `pg`. Loopback only, bounded (BENCH_N requests, BENCH_CONCURRENCY at once),
 * on a throw-away database that is dropped at the end.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { tenantMigrations } from '@stoflow/migrations';
import { DatabaseMigrator, createHttpApp } from '@stoflow/core';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Pool } from 'pg';
import { ApiModule } from '../../apps/api/src/api.module';

const N = Math.min(Number(process.env.BENCH_N ?? 100), 1000);
const CONCURRENCY = Math.min(Number(process.env.BENCH_CONCURRENCY ?? 4), 16);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function timed(count: number, concurrency: number, one: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = process.hrtime.bigint();
        await one(i);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { perSecond: count / seconds, p50: pct(50), p95: pct(95) };
}

async function main(): Promise<void> {
  const name = `stoflow_bench_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  Object.assign(process.env, {
    DATABASE_URL: url.toString(),
    JWT_SECRET: randomBytes(32).toString('hex'),
    QUEUE_PREFIX: name,
    LOG_LEVEL: 'silent',
    TENANT_ROLE_NAMESPACE: name,
    // Every registration comes from loopback: the per-IP limit would stop the run after 10.
    REGISTER_LIMIT_PER_IP: '1000000',
  });
  const app = await createHttpApp(ApiModule);
  const pool = new Pool({ connectionString: url.toString(), max: CONCURRENCY });
  try {
    await app.get(DatabaseMigrator).migrateAll();
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    const api = await timed(N, CONCURRENCY, async (i) => {
      const res = await fetch(`${base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `bench-${i}@example.com`, password: 'correct horse battery staple' }),
      });
      if (res.status !== 201) throw new Error(`register answered ${res.status}: ${await res.text()}`);
    });

    // The same DDL the provisioner runs: the tenant migrations' SQL, with search_path on the new schema.
    const orm = app.get<MikroORM>(MikroORM);
    const tenantSql: string[] = [];
    for (const { class: Class } of tenantMigrations) {
      const migration = new Class(orm.em.getDriver(), orm.config);
      await migration.up();
      tenantSql.push(...migration.getQueries().map(String));
    }
    const group = `${name}_tenants`;
    const hash = '$argon2id$v=19$m=19456,p=1,t=2$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA';
    const sql = await timed(N, CONCURRENCY, async (i) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query<{ id: string }>(
          'insert into public.users (email, password_hash) values ($1, $2) returning id',
          [`baseline-${i}@example.com`, hash],
        );
        const id = rows[0].id;
        const [schema, role] = [`"user_${id}"`, `"${name}_t${id}"`];
        await client.query(`create schema ${schema}`);
        await client.query(`create role ${role} nologin`);
        await client.query(`grant ${role} to current_user`);
        await client.query(`grant "${group}" to ${role}`);
        await client.query(`grant usage on schema ${schema} to ${role}`);
        await client.query(`set local search_path to ${schema}`);
        await client.query(
          'create table schema_migrations (name text primary key, executed_at timestamptz not null default now())',
        );
        for (const statement of tenantSql) await client.query(statement);
        await client.query(`grant select, insert, update, delete on all tables in schema ${schema} to ${role}`);
        await client.query(
          `insert into public.tenants (id, schema_name, role_name, migration, migrated_at) values ($1, $2, $3, $4, now())`,
          [id, `user_${id}`, `${name}_t${id}`, tenantMigrations.at(-1)?.name ?? null],
        );
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    });

    const row = (label: string, r: typeof api) =>
      `${label.padEnd(34)} ${r.perSecond.toFixed(1).padStart(8)}/s   p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms`;
    console.log(`register bench: ${N} registrations, ${CONCURRENCY} at once, loopback`);
    console.log(row('POST /api/auth/register', api));
    console.log(row('baseline: plain SQL through pg', sql));
    console.log(`ratio (API / baseline throughput): ${(api.perSecond / sql.perSecond).toFixed(2)}`);
  } finally {
    await pool.end();
    await app.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    const { rows } = await admin.query<{ rolname: string }>(
      `select rolname from pg_roles where rolname like $1 order by rolname desc`,
      [`${name.replace(/_/g, '\\_')}\\_%`],
    );
    for (const { rolname } of rows) await admin.query(`drop role if exists "${rolname}"`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
