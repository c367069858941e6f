import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { Forbidden, Unauthenticated } from '@stoflow/core';
import type { AuthenticatedUser } from '../access/authenticated-user';
import type { Role } from '../users/user';
import { Permission, ROLE_PERMISSIONS } from './permissions';

const ROLES = 'stoflow:roles';
const PERMISSIONS = 'stoflow:permissions';

/** Runs after the global access guard (route guards always do), so `request.user` is the loaded user. */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets) ?? [];
    const permissions = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS, targets) ?? [];
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user) throw new Unauthenticated();
    if (roles.length && !roles.includes(user.role)) throw new Forbidden('Your role does not allow this');
    const granted = ROLE_PERMISSIONS[user.role] ?? [];
    if (!permissions.every((p) => granted.includes(p))) throw new Forbidden('Your role does not allow this');
    return true;
  }
}

/** The caller must have one of these roles. */
export const RequireRole = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    UseGuards(RoleGuard),
    ApiForbiddenResponse({ description: `FORBIDDEN unless the role is ${roles.join(' or ')}` }),
  );

/** The caller's role must grant every one of these permissions. */
export const RequirePermission = (...permissions: Permission[]) =>
  applyDecorators(
    SetMetadata(PERMISSIONS, permissions),
    UseGuards(RoleGuard),
    ApiForbiddenResponse({ description: `FORBIDDEN without ${permissions.join(', ')}` }),
  );
