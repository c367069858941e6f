export { AuthModule } from './auth.module';
// HTTP building blocks other modules' controllers need: the caller, and role / permission guards.
export { AuthenticatedUser, CurrentUser } from './access/authenticated-user';
export { RequirePermission, RequireRole } from './roles/require-role';
export { Permission } from './roles/permissions';
export { Role, ROLES, UserView } from './users/user';
export { TokenClaims, TokenType } from './tokens/token-claims';
export { Session } from './tokens/session-issuer';
// Commands
export { RegisterCommand, RegisterResult } from './register/register.command';
export { LoginCommand } from './login/login.command';
export { RefreshCommand } from './refresh/refresh.command';
export { LogoutCommand } from './logout/logout.command';
export { EraseAccountCommand } from './erase-account/erase-account.command';
export { CreateUserCommand } from './admin/create-user/create-user.command';
export { UpdateUserCommand, UserUpdate } from './admin/update-user/update-user.command';
export { ResetPasswordCommand } from './admin/reset-password/reset-password.command';
export { SetQuotaCommand } from './quotas/set-quota.command';
// Queries
export { GetMeQuery, Me, QuotaUse } from './me/get-me.query';
export { GetUserQuery } from './admin/get-user/get-user.query';
export { ListUsersQuery } from './admin/list-users/list-users.query';
export { GetQuotaQuery } from './quotas/get-quota.query';
export { ListQuotasQuery } from './quotas/list-quotas.query';
export { ProductQuotaUsageQuery, PublishQuotaUsageQuery } from './quotas/quota-usage.queries';
export { QuotaLimits } from './quotas/quota';
// Events
export { AccountErasedEvent, UserRegisteredEvent } from './users/account-events';
