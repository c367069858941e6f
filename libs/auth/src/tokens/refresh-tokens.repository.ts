import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

export interface RefreshTokenRow {
  family_id: string;
  user_id: string;
  spent_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date;
}

/** Only the sha256 of a refresh token's jti is stored: a database leak gives no usable token. */
export function hashJti(jti: string): Buffer {
  return createHash('sha256').update(jti).digest();
}

@Injectable()
export class RefreshTokensRepository {
  async insert(em: EntityManager, jti: string, familyId: string, userId: number, expiresAt: Date): Promise<void> {
    await em.execute(
      'insert into public.refresh_tokens (jti_hash, family_id, user_id, expires_at) values (?, ?, ?, ?)',
      [hashJti(jti), familyId, userId, expiresAt],
    );
  }

  /** Locks the row, so two refreshes of one token are serialised and the second sees it spent. */
  async lock(em: EntityManager, jti: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await em.execute<RefreshTokenRow[]>(
      'select family_id, user_id, spent_at, revoked_at, expires_at from public.refresh_tokens where jti_hash = ? for update',
      [hashJti(jti)],
    );
    return row;
  }

  async spend(em: EntityManager, jti: string): Promise<void> {
    await em.execute('update public.refresh_tokens set spent_at = now() where jti_hash = ?', [hashJti(jti)]);
  }

  async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.execute('update public.refresh_tokens set revoked_at = coalesce(revoked_at, now()) where family_id = ?', [
      familyId,
    ]);
  }

  /** The user's sessions (refresh families) that are neither revoked nor expired. */
  async liveSessionsOf(em: EntityManager, userId: number): Promise<string[]> {
    const rows = await em.execute<{ family_id: string }[]>(
      `select distinct family_id from public.refresh_tokens
        where user_id = ? and revoked_at is null and expires_at > now()`,
      [userId],
    );
    return rows.map((r) => r.family_id);
  }

  async revokeAllOf(em: EntityManager, userId: number): Promise<void> {
    await em.execute(
      'update public.refresh_tokens set revoked_at = coalesce(revoked_at, now()) where user_id = ? and revoked_at is null',
      [userId],
    );
  }

  async deleteAllOf(em: EntityManager, userId: number): Promise<void> {
    await em.execute('delete from public.refresh_tokens where user_id = ?', [userId]);
  }
}
