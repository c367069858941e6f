import { MikroORM } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { tenantMigrations } from '@stoflow/migrations';
import { DatabaseMigrator, loadConfig, ormOptions, TenantMigrationFanOut, TenantMigrator } from '@stoflow/core';
import { databaseUrl, freshDatabaseName, withAdmin } from './test-database';

/** A fresh database per run, migrated to head; its name is handed to the workers through the environment. */
export async function createTestDatabase(): Promise<void> {
  const name = freshDatabaseName();
  await withAdmin((client) => client.query(`create database "${name}"`));
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(name),
    STOFLOW_TEST_DATABASE: name,
    JWT_SECRET: 'test-secret-of-the-e2e-suite-0123456789abcdef',
    CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    QUEUE_PREFIX: name,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const config = loadConfig(process.env);
  const orm = await MikroORM.init(ormOptions(config));
  try {
    const migrator = new TenantMigrator(orm, tenantMigrations);
    await new DatabaseMigrator(orm, migrator, new TenantMigrationFanOut(orm, migrator, config), config).migrateAll();
  } finally {
    await orm.close(true);
    // MikroORM keeps decorator metadata on the global object; a suite running in this process must not inherit it.
    delete (globalThis as Record<string, unknown>)['mikro-orm-metadata'];
  }
}
