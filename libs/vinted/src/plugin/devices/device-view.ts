import type { DeviceRow } from './devices.repository';

/** A paired extension as the dashboard shows it. */
export interface DeviceView {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  version: string | null;
  vinted: { loggedIn: boolean | null; userId: number | null; login: string | null };
}

export function toDeviceView(row: DeviceRow): DeviceView {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
    lastSeenAt: row.last_seen_at ? new Date(row.last_seen_at).toISOString() : null,
    version: row.version,
    vinted: {
      loggedIn: row.vinted_logged_in,
      userId: row.vinted_user_id === null ? null : Number(row.vinted_user_id),
      login: row.vinted_login,
    },
  };
}
