import { Migrator } from '@mikro-orm/migrations';
import { Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { sharedMigrations } from '@stoflow/migrations';
import { AppConfig } from '../config/app-config';

/** MikroORM settings shared by the three apps. Entities come from each module's `forFeature`. */
export function ormOptions(config: Pick<AppConfig, 'DATABASE_URL' | 'DB_POOL_MAX'>): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: config.DATABASE_URL,
    pool: { min: 0, max: config.DB_POOL_MAX },
    forceUtcTimezone: true,
    // Connect on first use: an API started while PostgreSQL is down reports it on /health/ready and recovers.
    connect: false,
    // Handlers always fork; the global EntityManager must never carry request state.
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: sharedMigrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  };
}
