import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export type PauseReason = 'captcha' | 'session-expired' | 'blocked' | 'account-changed';

export interface AccountRow {
  /** The Vinted account this tenant's listings live on (first seen by a heartbeat). */
  vinted_user_id: string | null;
  paused_reason: PauseReason | null;
  paused_message: string | null;
  paused_at: Date | string | null;
  backoff_until: Date | string | null;
  slowdown: number;
  last_call_at: Date | string | null;
  gap_draw: number;
  /** Calls left before the next long pause; null until the account's first call draws it. */
  calls_until_pause: number | null;
  pause_draw: number;
  /** The connection Vinted last announced to the publishing layer. */
  announced_connection: unknown;
  now: Date | string;
}

/**
 * The tenant's Vinted account row (`vinted_account`, one per schema): why its queue is paused, the 429 back-off,
 * and the pacing state. Random draws for the next gap are taken when a call ends and stored, so polling again
 * cannot re-roll a shorter gap.
 */
@Injectable()
export class VintedAccountRepository {
  /** Locked for the rest of the transaction (claims of one tenant read and advance the pacing one at a time). */
  async lock(em: EntityManager): Promise<AccountRow> {
    const [row] = await em.execute<AccountRow[]>('select *, now() as now from vinted_account where id = 1 for update');
    return row;
  }

  async read(em: EntityManager): Promise<AccountRow> {
    const [row] = await em.execute<AccountRow[]>('select *, now() as now from vinted_account where id = 1');
    return row;
  }

  /**
   * A call was handed out: count it towards the next long pause. The interval is drawn from `pauseEvery` at the
   * account's first call and again after each pause, with a fresh draw for the pause's length.
   */
  async callClaimed(em: EntityManager, pauseEvery: readonly [number, number]): Promise<void> {
    await em.execute(
      `update vinted_account
          set calls_until_pause = case when coalesce(calls_until_pause, 0) <= 0
                then ? + floor(random() * ?)::int - 1 else calls_until_pause - 1 end,
              pause_draw = case when coalesce(calls_until_pause, 0) <= 0 then random() else pause_draw end
        where id = 1`,
      [pauseEvery[0], pauseEvery[1] - pauseEvery[0] + 1],
      'run',
    );
  }

  /** A call ended (result, timeout or withdrawal): the next gap counts from now, with a fresh draw. */
  async callEnded(em: EntityManager): Promise<void> {
    await em.execute('update vinted_account set last_call_at = now(), gap_draw = random() where id = 1', [], 'run');
  }

  /** Vinted said "too fast": nothing is handed out before `until`, and this account's gaps grow. */
  async backOff(em: EntityManager, until: Date, maxSlowdown: number): Promise<void> {
    await em.execute(
      `update vinted_account set backoff_until = greatest(coalesce(backoff_until, now()), ?),
              slowdown = least(slowdown * 1.5, ?) where id = 1`,
      [until, maxSlowdown],
      'run',
    );
  }

  /** A call went through: the slowdown a 429 imposed eases off. */
  async eased(em: EntityManager): Promise<void> {
    await em.execute('update vinted_account set slowdown = greatest(1, slowdown * 0.9) where id = 1 and slowdown > 1');
  }

  /** Records the Vinted account the listings live on (the first one a heartbeat reports, or after a confirmed switch). */
  async adoptVintedUser(em: EntityManager, vintedUserId: number | null): Promise<void> {
    await em.execute('update vinted_account set vinted_user_id = ? where id = 1', [vintedUserId], 'run');
  }

  async announced(em: EntityManager, connection: unknown): Promise<void> {
    await em.execute(
      'update vinted_account set announced_connection = ?::jsonb where id = 1',
      [JSON.stringify(connection)],
      'run',
    );
  }

  /** Pauses the queue; answers false when it was already paused (the first reason stays). */
  async pause(em: EntityManager, reason: PauseReason, message: string): Promise<boolean> {
    const result = await em.execute(
      `update vinted_account set paused_reason = ?, paused_message = ?, paused_at = now()
        where id = 1 and paused_reason is null`,
      [reason, message],
      'run',
    );
    return (result as unknown as { affectedRows: number }).affectedRows === 1;
  }

  /** Lifts the pause (all reasons, or only those listed); answers the reason lifted, if any. */
  async resume(em: EntityManager, only?: PauseReason[]): Promise<PauseReason | undefined> {
    const [row] = await em.execute<{ reason: PauseReason }[]>(
      `with old as (select paused_reason from vinted_account where id = 1 for update)
       update vinted_account set paused_reason = null, paused_message = null, paused_at = null
         from old
        where id = 1 and old.paused_reason is not null ${only ? `and old.paused_reason = any(?::text[])` : ''}
        returning old.paused_reason as reason`,
      only ? [`{${only.join(',')}}`] : [],
    );
    return row?.reason;
  }
}
