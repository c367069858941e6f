export { CoreModule, CoreOptions } from './core.module';
export { AppConfig, ConfigError, loadConfig } from './config/app-config';
export { ACCESS_STRATEGY, AccessGuard } from './auth/access.guard';
export { IS_PUBLIC, Public } from './auth/public.decorator';
export { JwtKeys } from './auth/jwt-keys';
export { VerifiedTokens } from './auth/verified-tokens';
export { Clock } from './clock/clock';
export { DatabaseMigrator, MigrationSummary } from './database/database-migrator';
export { ormOptions } from './database/orm-options';
export {
  assertTenantId,
  quotedTenantSchema,
  quoteIdent,
  tenantGroupRoleName,
  tenantRoleName,
  tenantSchemaName,
} from './database/schema-name';
export { TenantDatabase, TenantTransactionOptions } from './database/tenant-database';
export {
  FanOutOptions,
  FanOutProgress,
  FanOutReport,
  TenantMigrationFanOut,
  TenantOutcome,
} from './database/tenant-fan-out';
export { TENANT_MIGRATIONS, TenantMigrator } from './database/tenant-migrator';
export { TenantProvisioner } from './database/tenant-provisioner';
export {
  BusinessRuleViolation,
  Conflict,
  DomainError,
  ErrorDetail,
  Forbidden,
  IllegalTransition,
  NotFound,
  QuotaExceeded,
  RateLimited,
  Unauthenticated,
  ValidationFailed,
} from './errors/domain-error';
export { ErrorBody, HttpErrorFilter } from './errors/http-error.filter';
export { createHttpApp, openApiDocument, validationPipe } from './http/create-http-app';
export { CONTROLS_ALLOWED } from './http/input-guards';
export { LimitPerIp, PerIpLimitGuard } from './limits/limit-per-ip';
export { RateLimiter } from './limits/rate-limiter';
export { DomainEvent, OutboxEvent } from './outbox/domain-event';
export { firstDelivery, Outbox } from './outbox/outbox';
export { OutboxRelay } from './outbox/outbox-relay';
export { Page, PageQuery } from './pagination/page';
export { RedisClient } from './redis/redis.module';
export { SealedSecret, SecretBox, SecretUnreadable } from './secrets/secret-box';
export { OutboundHttp } from './outbound/outbound-http';
export { OutboundHttpSettings } from './outbound/outbound-http-settings';
export {
  HttpMethod,
  OAuthTokenSource,
  OutboundRequest,
  OutboundResponse,
  ParamValue,
} from './outbound/outbound-request';
export { RateLimitRule } from './outbound/redis-rate-limits';
export {
  AnyOutboundFailure,
  isOutboundFailure,
  OutboundCall,
  OutboundFailure,
  OutboundFailureKind,
  OutboundNetworkError,
  OutboundNotFound,
  OutboundRateLimited,
  OutboundRejected,
  OutboundTimeout,
  OutboundTransient,
  OutboundUnauthorized,
} from './outbound/outbound-failures';
export { MissingTenantContext, TenantContext } from './tenancy/tenant-context';
export { boundShutdown, exitOnStartFailure } from './lifecycle/shutdown';
export { listeningLine, QuietStartupLogger } from './logging/quiet-startup-logger';
export { TenantMigrationEntry } from './database/tenant-migrator';
export { DueTenants } from './queues/due-tenants';
export { queueKeyedPass } from './queues/keyed-pass';
