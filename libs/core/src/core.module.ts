import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClsModule } from 'nestjs-cls';
import { JwtKeys } from './auth/jwt-keys';
import { Clock } from './clock/clock';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { OutboxModule } from './outbox/outbox.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';
import { TenantContext } from './tenancy/tenant-context';

export interface CoreOptions {
  /** `api` mounts the per-request context and health routes; `worker` runs the outbox relay. */
  app: 'api' | 'worker' | 'cli';
}

/** The shared kernel every app starts from: config, logging, database + tenancy, Redis, Bull, CQRS, outbox. */
@Global()
@Module({})
export class CoreModule {
  static forRoot({ app }: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule,
        LoggingModule,
        ClsModule.forRoot({ global: true, middleware: { mount: app === 'api' } }),
        DatabaseModule.forRoot(),
        RedisModule,
        QueuesModule,
        CqrsModule.forRoot(),
        OutboxModule.forRoot({ relay: app === 'worker' }),
        ...(app === 'api' ? [HealthModule] : []),
      ],
      providers: [TenantContext, Clock, JwtKeys],
      exports: [TenantContext, Clock, JwtKeys],
    };
  }
}
