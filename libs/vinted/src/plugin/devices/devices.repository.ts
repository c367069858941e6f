import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface DeviceRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date;
  last_seen_at: Date | null;
  version: string | null;
  vinted_logged_in: boolean | null;
  vinted_user_id: string | null;
  vinted_login: string | null;
  revoked_at: Date | null;
}

export interface VintedSeen {
  loggedIn: boolean;
  userId?: number;
  login?: string;
}

const COLUMNS =
  'id, user_id, name, created_at, last_seen_at, version, vinted_logged_in, vinted_user_id, vinted_login, revoked_at';

/** SQL on public.plugin_pairing_codes and public.plugin_devices (shared tables, outside any tenant). */
@Injectable()
export class DevicesRepository {
  constructor(private readonly orm: MikroORM) {}

  em(): EntityManager {
    return this.orm.em.fork();
  }

  async insertCode(em: EntityManager, codeHash: Buffer, userId: number, expiresAt: Date): Promise<void> {
    await em.execute(
      'insert into public.plugin_pairing_codes (code_hash, user_id, expires_at) values (?, ?, ?)',
      [codeHash, userId, expiresAt],
      'run',
    );
  }

  /** Spends a live code (one use, atomically); the user it was made for, and their role, if it was live. */
  async spendCode(em: EntityManager, codeHash: Buffer): Promise<{ userId: number; role: string } | undefined> {
    const [row] = await em.execute<{ user_id: string; role: string }[]>(
      `update public.plugin_pairing_codes c set used_at = now()
        from public.users u
       where c.code_hash = ? and c.used_at is null and c.expires_at > now()
         and u.id = c.user_id and u.disabled_at is null
       returning c.user_id, u.role`,
      [codeHash],
    );
    return row && { userId: Number(row.user_id), role: row.role };
  }

  async insertDevice(em: EntityManager, id: string, userId: number, name: string, hash: Buffer): Promise<void> {
    await em.execute(
      'insert into public.plugin_devices (id, user_id, name, token_hash) values (?, ?, ?, ?)',
      [id, userId, name, hash],
      'run',
    );
  }

  /** The live device holding this token, of a user who is not disabled. */
  async activeByTokenHash(em: EntityManager, hash: Buffer): Promise<{ id: string; userId: number } | undefined> {
    const [row] = await em.execute<{ id: string; user_id: string }[]>(
      `select d.id, d.user_id from public.plugin_devices d join public.users u on u.id = d.user_id
        where d.token_hash = ? and d.revoked_at is null and u.disabled_at is null`,
      [hash],
    );
    return row && { id: row.id, userId: Number(row.user_id) };
  }

  /**
   * The same check as `activeByTokenHash`, as the prelude of a tenant script (`TenantDatabase.scriptAfter`): it
   * answers the device id (or '') and leaves it in the transaction's `stoflow.device` setting for the script.
   */
  checkInPrelude(hash: Buffer, userId: number): { sql: string; params: unknown[] } {
    return {
      sql: `select set_config('stoflow.device', coalesce((
              select d.id::text from public.plugin_devices d join public.users u on u.id = d.user_id
               where d.token_hash = decode(?, 'hex') and d.user_id = ? and d.revoked_at is null
                 and u.disabled_at is null), ''), true) as device_id`,
      params: [hash.toString('hex'), userId],
    };
  }

  async isActive(em: EntityManager, deviceId: string): Promise<boolean> {
    const rows = await em.execute('select 1 from public.plugin_devices where id = ? and revoked_at is null', [
      deviceId,
    ]);
    return rows.length > 0;
  }

  async listOf(em: EntityManager, userId: number): Promise<DeviceRow[]> {
    return em.execute<DeviceRow[]>(
      `select ${COLUMNS} from public.plugin_devices where user_id = ? and revoked_at is null order by created_at, id`,
      [userId],
    );
  }

  /** The live device seen most recently (heartbeat), else the newest. */
  async latestOf(em: EntityManager, userId: number): Promise<DeviceRow | undefined> {
    const [row] = await em.execute<DeviceRow[]>(
      `select ${COLUMNS} from public.plugin_devices where user_id = ? and revoked_at is null
        order by last_seen_at desc nulls last, created_at desc limit 1`,
      [userId],
    );
    return row;
  }

  /** The users with a live extension seen within `withinMs`. */
  async usersOnline(em: EntityManager, withinMs: number): Promise<number[]> {
    const rows = await em.execute<{ user_id: string }[]>(
      `select distinct user_id from public.plugin_devices
        where revoked_at is null and last_seen_at > now() - ? * interval '1 millisecond'`,
      [withinMs],
    );
    return rows.map((r) => Number(r.user_id));
  }

  async revoke(em: EntityManager, userId: number, deviceId: string): Promise<boolean> {
    const result = await em.execute(
      'update public.plugin_devices set revoked_at = now() where id = ? and user_id = ? and revoked_at is null',
      [deviceId, userId],
      'run',
    );
    return (result as unknown as { affectedRows: number }).affectedRows === 1;
  }

  async recordHeartbeat(em: EntityManager, deviceId: string, version: string, vinted: VintedSeen): Promise<void> {
    await em.execute(
      `update public.plugin_devices
          set last_seen_at = now(), version = ?, vinted_logged_in = ?, vinted_user_id = ?, vinted_login = ?
        where id = ?`,
      [version, vinted.loggedIn, vinted.userId ?? null, vinted.login ?? null, deviceId],
      'run',
    );
  }
}
