import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, RedisClient } from '@stoflow/core';
import { createHash } from 'node:crypto';
import { AccessTokenStrategy } from './access/access-token.strategy';
import { AuthenticatedUsers } from './access/authenticated-users';
import { UserChanges } from './access/user-changes';
import { UserStateCache } from './access/user-state-cache';
import { CreateUserHandler } from './admin/create-user/create-user.command';
import { GetUserHandler } from './admin/get-user/get-user.query';
import { ListUsersHandler } from './admin/list-users/list-users.handler';
import { ListUsersController } from './admin/list-users/list-users.http';
import { ResetPasswordHandler } from './admin/reset-password/reset-password.command';
import { UpdateUserHandler } from './admin/update-user/update-user.handler';
import { UpdateUserController } from './admin/update-user/update-user.http';
import { EraseAccountHandler } from './erase-account/erase-account.handler';
import { EraseAccountController } from './erase-account/erase-account.http';
import { LoginLimits } from './login/login-limits';
import { LOGIN_THROTTLERS, LoginThrottlerGuard } from './login/login-throttler.guard';
import { LoginHandler } from './login/login.handler';
import { LoginController } from './login/login.http';
import { LogoutHandler } from './logout/logout.handler';
import { LogoutController } from './logout/logout.http';
import { GetMeHandler } from './me/get-me.handler';
import { GetMeController } from './me/get-me.http';
import { PasswordHasher } from './passwords/password-hasher';
import { GetQuotaHandler } from './quotas/get-quota.handler';
import { ListQuotasHandler } from './quotas/list-quotas.query';
import { QuotasRepository } from './quotas/quotas.repository';
import { SetQuotaHandler } from './quotas/set-quota.command';
import { RefreshHandler } from './refresh/refresh.handler';
import { RefreshController } from './refresh/refresh.http';
import { RegisterHandler } from './register/register.handler';
import { RegisterController } from './register/register.http';
import { RoleGuard } from './roles/require-role';
import { RefreshTokensRepository } from './tokens/refresh-tokens.repository';
import { SessionIssuer } from './tokens/session-issuer';
import { TokenSigner } from './tokens/token-signer';
import { AccountCreator } from './users/account-creator';
import { UsersRepository } from './users/users.repository';

const handlers = [
  RegisterHandler,
  LoginHandler,
  RefreshHandler,
  LogoutHandler,
  GetMeHandler,
  EraseAccountHandler,
  GetQuotaHandler,
  ListQuotasHandler,
  SetQuotaHandler,
  ListUsersHandler,
  GetUserHandler,
  UpdateUserHandler,
  CreateUserHandler,
  ResetPasswordHandler,
];

/** Users, passwords, tokens, roles and subscription quotas. */
@Module({
  imports: [
    PassportModule,
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RedisClient],
      useFactory: (config: AppConfig, redis: RedisClient) => ({
        storage: new ThrottlerStorageRedisService(redis),
        // Namespaced per deployment (and per test database), hashed so no email is stored in Redis.
        generateKey: (_context, tracker, name) =>
          `${config.QUEUE_PREFIX}:throttle:${name}:${createHash('sha256').update(tracker).digest('hex')}`,
        throttlers: [
          {
            name: LOGIN_THROTTLERS.perIp,
            ttl: config.LOGIN_LIMIT_WINDOW_SECONDS * 1000,
            limit: config.LOGIN_LIMIT_PER_IP,
          },
        ],
      }),
    }),
  ],
  controllers: [
    RegisterController,
    LoginController,
    RefreshController,
    LogoutController,
    GetMeController,
    EraseAccountController,
    ListUsersController,
    UpdateUserController,
  ],
  providers: [
    ...handlers,
    AccessTokenStrategy,
    AuthenticatedUsers,
    UserStateCache,
    UserChanges,
    RoleGuard,
    LoginThrottlerGuard,
    LoginLimits,
    PasswordHasher,
    TokenSigner,
    SessionIssuer,
    RefreshTokensRepository,
    UsersRepository,
    QuotasRepository,
    AccountCreator,
  ],
})
export class AuthModule {}
