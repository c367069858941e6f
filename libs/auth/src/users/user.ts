export type Role = 'user' | 'admin';
export const ROLES: readonly Role[] = ['user', 'admin'];

/** An account as the auth module answers it (never the password hash). */
export interface UserView {
  id: number;
  email: string;
  role: Role;
  tier: string;
  disabled: boolean;
  createdAt: string;
}

export interface UserRow {
  id: string | number;
  email: string;
  password_hash: string;
  role: Role;
  tier: string;
  disabled_at: Date | string | null;
  created_at: Date | string;
}

export function toUserView(row: UserRow): UserView {
  return {
    id: Number(row.id),
    email: row.email,
    role: row.role,
    tier: row.tier,
    disabled: row.disabled_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Trimmed and lower-cased: the form stored, compared and made unique. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
