import type { Role } from '../users/user';

export type Permission = 'users:read' | 'users:write' | 'quotas:read' | 'quotas:write';

/** What each role may do; a permission not listed for a role is refused. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  user: [],
  admin: ['users:read', 'users:write', 'quotas:read', 'quotas:write'],
};
