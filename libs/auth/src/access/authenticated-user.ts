import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Unauthenticated } from '@stoflow/core';
import type { Role } from '../users/user';

/** What the access guard puts on the request: loaded from the database, not taken from the token's claims. */
export interface AuthenticatedUser {
  id: number;
  email: string;
  role: Role;
  tier: string;
}

/** The caller of an authenticated route. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  if (!user) throw new Unauthenticated();
  return user;
});
