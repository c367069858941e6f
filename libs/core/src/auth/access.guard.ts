import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, Unauthenticated } from '../errors/domain-error';
import { IS_PUBLIC } from './public.decorator';

/** Passport strategy names: the auth module registers them. */
export const ACCESS_STRATEGY = 'access-token';

/**
 * The global guard: every route needs a valid access token unless it is marked `@Public()`. Routes that accept
 * another kind of token (the extension's) say so with their own guard and `@Public()` for this one.
 */
@Injectable()
export class AccessGuard extends AuthGuard(ACCESS_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error instanceof DomainError) throw error;
    if (error || !user) throw new Unauthenticated();
    return user;
  }
}
