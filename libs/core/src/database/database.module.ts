import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { tenantMigrations } from '@stoflow/migrations';
import { AppConfig } from '../config/app-config';
import { DatabaseMigrator } from './database-migrator';
import { ormOptions } from './orm-options';
import { TenantDatabase } from './tenant-database';
import { TenantMigrationFanOut } from './tenant-fan-out';
import { TENANT_MIGRATIONS, TenantMigrator } from './tenant-migrator';
import { TenantProvisioner } from './tenant-provisioner';

const providers = [TenantDatabase, TenantMigrator, TenantProvisioner, TenantMigrationFanOut, DatabaseMigrator];

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        MikroOrmModule.forRootAsync({
          driver: PostgreSqlDriver,
          inject: [AppConfig],
          // Forking per tenant is done by TenantDatabase; the request-context middleware costs ~half the throughput.
          useFactory: (config: AppConfig) => ({
            ...ormOptions(config),
            autoLoadEntities: true,
            registerRequestContext: false,
          }),
        }),
      ],
      providers: [...providers, { provide: TENANT_MIGRATIONS, useValue: tenantMigrations }],
      exports: [...providers, TENANT_MIGRATIONS],
    };
  }
}
