import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Conflict, NotFound, ValidationFailed } from '@stoflow/core';
import { Role, UserRow } from './user';

const COLUMNS = 'id, email, password_hash, role, tier, disabled_at, created_at';

export interface UserChanges {
  role?: Role;
  tier?: string;
  disabled?: boolean;
  passwordHash?: string;
}

/** SQL on public.users. Every method takes the caller's EntityManager, so it joins the caller's transaction. */
@Injectable()
export class UsersRepository {
  constructor(private readonly orm: MikroORM) {}

  em(): EntityManager {
    return this.orm.em.fork();
  }

  async insert(em: EntityManager, email: string, passwordHash: string, role: Role, tier: string): Promise<UserRow> {
    try {
      const [row] = await em.execute<UserRow[]>(
        `insert into public.users (email, password_hash, role, tier) values (?, ?, ?, ?) returning ${COLUMNS}`,
        [email, passwordHash, role, tier],
      );
      return row;
    } catch (error) {
      throw translate(error, tier);
    }
  }

  async byId(em: EntityManager, id: number, lock = false): Promise<UserRow | undefined> {
    const [row] = await em.execute<UserRow[]>(
      `select ${COLUMNS} from public.users where id = ?${lock ? ' for update' : ''}`,
      [id],
    );
    return row;
  }

  async byEmail(em: EntityManager, email: string): Promise<UserRow | undefined> {
    const [row] = await em.execute<UserRow[]>(`select ${COLUMNS} from public.users where email = ?`, [email]);
    return row;
  }

  /** A positive integer is an id, anything else an email. */
  async byIdOrEmail(em: EntityManager, key: string): Promise<UserRow> {
    const row = /^\d+$/.test(key) ? await this.byId(em, Number(key)) : await this.byEmail(em, key.trim().toLowerCase());
    if (!row) throw new NotFound('User', key);
    return row;
  }

  async page(em: EntityManager, q: string | undefined, limit: number, offset: number) {
    const pattern = q
      ? `%${q
          .trim()
          .toLowerCase()
          .replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      : '%';
    const rows = await em.execute<(UserRow & { total: string })[]>(
      `select ${COLUMNS}, count(*) over () as total from public.users where email like ? order by id limit ? offset ?`,
      [pattern, limit, offset],
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && offset > 0) {
      const [count] = await em.execute<{ n: number }[]>(
        'select count(*)::int as n from public.users where email like ?',
        [pattern],
      );
      total = count.n;
    }
    return { rows, total };
  }

  async update(em: EntityManager, id: number, changes: UserChanges): Promise<UserRow> {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (changes.role !== undefined) set('role', changes.role);
    if (changes.tier !== undefined) set('tier', changes.tier);
    if (changes.passwordHash !== undefined) set('password_hash', changes.passwordHash);
    if (changes.disabled !== undefined) {
      sets.push(changes.disabled ? 'disabled_at = coalesce(disabled_at, now())' : 'disabled_at = null');
    }
    sets.push('updated_at = now()');
    try {
      const [row] = await em.execute<UserRow[]>(
        `update public.users set ${sets.join(', ')} where id = ? returning ${COLUMNS}`,
        [...values, id],
      );
      if (!row) throw new NotFound('User', id);
      return row;
    } catch (error) {
      throw translate(error, changes.tier);
    }
  }

  async delete(em: EntityManager, id: number): Promise<void> {
    await em.execute('delete from public.users where id = ?', [id]);
  }
}

function translate(error: unknown, tier?: string): unknown {
  const code = (error as { code?: string }).code;
  const constraint = (error as { constraint?: string }).constraint;
  if (code === '23505' && constraint === 'users_email_key') {
    return new Conflict('An account with this email already exists', [{ field: 'email', issue: 'already registered' }]);
  }
  if (code === '23503' && tier !== undefined) {
    return new ValidationFailed('Unknown tier', [{ field: 'tier', issue: `there is no tier ${JSON.stringify(tier)}` }]);
  }
  return error;
}
