import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClsService, ClsServiceManager } from 'nestjs-cls';
import { JwtKeys } from './auth/jwt-keys';
import { Clock } from './clock/clock';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { PerIpLimitGuard } from './limits/limit-per-ip';
import { RateLimiter } from './limits/rate-limiter';
import { LoggingModule } from './logging/logging.module';
import { OutboundHttp } from './outbound/outbound-http';
import { OutboundHttpSettings } from './outbound/outbound-http-settings';
import { OutboxModule } from './outbox/outbox.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';
import { SecretBox } from './secrets/secret-box';
import { TenantContext } from './tenancy/tenant-context';

export interface CoreOptions {
  /** `api` adds the health routes; `worker` runs the outbox relay. */
  app: 'api' | 'worker' | 'cli';
}

/**
 * The shared kernel every app starts from: config, logging, database + tenancy, Redis, Bull, CQRS, outbox, and the
 * parts marketplace modules share (SecretBox for their tokens, OutboundHttp for their calls).
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot({ app }: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule,
        LoggingModule,
        DatabaseModule.forRoot(),
        RedisModule,
        QueuesModule,
        CqrsModule.forRoot(),
        OutboxModule.forRoot({ relay: app === 'worker' }),
        ...(app === 'api' ? [HealthModule] : []),
      ],
      providers: [
        // nestjs-cls's AsyncLocalStorage, without its root module: that module adds a global guard and a global
        // interceptor to every route even when they do nothing, and the interceptor alone puts each request
        // through Nest's RxJS interceptor chain. HTTP requests enter their context in a Fastify hook instead
        // (http/create-http-app.ts); the worker and the CLI enter it with TenantContext.run().
        { provide: ClsService, useValue: ClsServiceManager.getClsService() },
        TenantContext,
        Clock,
        JwtKeys,
        SecretBox,
        {
          provide: OutboundHttpSettings,
          useFactory: (config: AppConfig) =>
            new OutboundHttpSettings({ redisKeyPrefix: `${config.QUEUE_PREFIX}:outbound` }),
          inject: [AppConfig],
        },
        OutboundHttp,
        RateLimiter,
        PerIpLimitGuard,
      ],
      exports: [TenantContext, Clock, JwtKeys, SecretBox, OutboundHttpSettings, OutboundHttp, RateLimiter, PerIpLimitGuard],
    };
  }
}
