import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClaimedTask, fromStatuses, HttpMethod, PluginTaskStatus, PluginTaskView, TaskResult } from './plugin-task';
import { isoOrNull } from '../../iso-time';

export interface NewTask {
  id: string;
  jobId: string | null;
  step: string | null;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  deadline: Date;
  /** Higher first (withdrawals before anything else); default 0. */
  priority?: number;
}

interface TaskRow {
  id: string;
  job_id: string | null;
  step: string | null;
  status: PluginTaskStatus;
  attempt: number;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeout_ms: number;
  deadline: Date;
  priority: number;
  device_id: string | null;
  claimed_at: Date | null;
  lease_until: Date | null;
  result_attempt: number | null;
  result_ok: boolean | null;
  result_status: number | null;
  result_body: unknown;
  result_error: { code: string; message: string } | null;
  finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type ClaimRow = Pick<
  TaskRow,
  'id' | 'attempt' | 'method' | 'url' | 'headers' | 'body' | 'timeout_ms' | 'created_at' | 'priority'
>;

/** A task whose result is being posted, locked for the rest of the transaction. */
export interface LockedTask {
  id: string;
  jobId: string | null;
  step: string | null;
  status: PluginTaskStatus;
  attempt: number;
  deviceId: string | null;
  leaseExpired: boolean;
  resultAttempt: number | null;
}

/** A task that just reached an end state, for the events the saga listens to. */
export interface FinishedTask {
  id: string;
  jobId: string | null;
  step: string | null;
  attempt: number;
  status: PluginTaskStatus;
}

const MAX_CLAIM = 50;

/**
 * SQL on the tenant's `plugin_tasks` (unqualified: TenantDatabase's transaction sets the search_path and role).
 * Every method takes the caller's transaction. Ending a task that was handed out (result, timeout, withdrawal) ends
 * a call on the account, so the same statement stamps `vinted_account.last_call_at`: the next gap counts from then.
 */
@Injectable()
export class PluginTasksRepository {
  async insert(em: EntityManager, task: NewTask): Promise<void> {
    const { sql, params } = this.insertStatement(task);
    await em.execute(sql, params, 'run');
  }

  insertStatement(task: NewTask): { sql: string; params: unknown[] } {
    return {
      sql: `insert into plugin_tasks (id, job_id, step, method, url, headers, body, timeout_ms, deadline, priority)
            values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)`,
      params: [
        task.id,
        task.jobId,
        task.step,
        task.method,
        task.url,
        JSON.stringify(task.headers),
        task.body === undefined ? null : JSON.stringify(task.body),
        task.timeoutMs,
        task.deadline,
        task.priority ?? 0,
      ],
    };
  }

  /**
   * Claims up to `max` pending tasks whose deadline has not passed, oldest first, for `deviceId`: each gets the
   * next attempt number and a lease of its timeout plus `graceMs`. `SKIP LOCKED` keeps concurrent polls from
   * ever taking the same task. Nothing is handed out while the account is paused or backing off.
   */
  async claim(em: EntityManager, deviceId: string, max: number, graceMs: number): Promise<ClaimedTask[]> {
    const { sql, params } = claimStatement(deviceId, max, graceMs, null);
    return toClaimed(await em.execute<ClaimRow[]>(sql, params));
  }

  /**
   * The same claim as one script for `TenantDatabase.script` (one round trip). With a per-user `cap`, the account
   * row lock taken first serialises the tenant's claims, and the claim's own count of live `processing` tasks
   * (a later statement, so a fresh snapshot) is exact.
   */
  claimScript(
    deviceId: string | null,
    max: number,
    graceMs: number,
    cap: number | null,
  ): { sql: string; params: unknown[] } {
    const claim = claimStatement(deviceId, max, graceMs, cap);
    if (cap === null) return claim;
    return { sql: `select 1 from vinted_account where id = 1 for update; ${claim.sql}`, params: claim.params };
  }

  toClaimed(rows: ClaimRow[]): ClaimedTask[] {
    return toClaimed(rows);
  }

  /** Live `processing` tasks (leases not run out): what a per-user cap counts. */
  async processingCount(em: EntityManager): Promise<number> {
    const [{ n }] = await em.execute<{ n: number }[]>(
      "select count(*)::int as n from plugin_tasks where status = 'processing' and lease_until > now()",
    );
    return n;
  }

  /** The task the next claim would take, if any (pacing needs its kind before handing it out). */
  async nextPending(em: EntityManager): Promise<{ method: HttpMethod; url: string } | undefined> {
    const [row] = await em.execute<{ method: HttpMethod; url: string }[]>(
      `select method, url from plugin_tasks where status = 'pending' and deadline > now()
        order by priority desc, created_at, id limit 1`,
    );
    return row;
  }

  async lockForResult(em: EntityManager, taskId: string): Promise<LockedTask | undefined> {
    const [row] = await em.execute<
      (Pick<TaskRow, 'id' | 'job_id' | 'step' | 'status' | 'attempt' | 'device_id' | 'result_attempt'> & {
        lease_expired: boolean;
      })[]
    >(
      `select id, job_id, step, status, attempt, device_id, result_attempt,
              coalesce(lease_until <= now(), false) as lease_expired
         from plugin_tasks where id = ? for update`,
      [taskId],
    );
    return (
      row && {
        id: row.id,
        jobId: row.job_id,
        step: row.step,
        status: row.status,
        attempt: row.attempt,
        deviceId: row.device_id,
        leaseExpired: row.lease_expired,
        resultAttempt: row.result_attempt,
      }
    );
  }

  async recordResult(em: EntityManager, taskId: string, result: TaskResult): Promise<void> {
    await em.execute(
      `with ended as (
         update plugin_tasks
            set status = ?, result_attempt = ?, result_ok = ?, result_status = ?, result_body = ?::jsonb,
                result_error = ?::jsonb, finished_at = now(), updated_at = now()
          where id = ? and status = 'processing'
          returning true as ran),
       paced as (update vinted_account set last_call_at = now(), gap_draw = random()
                  where id = 1 and exists (select 1 from ended where ran))
       select count(*) from ended`,
      [
        result.ok ? 'completed' : 'failed',
        result.attempt,
        result.ok,
        result.status,
        result.body === undefined ? null : JSON.stringify(result.body),
        result.error === undefined ? null : JSON.stringify(result.error),
        taskId,
      ],
      'run',
    );
  }

  /**
   * Puts claimed tasks whose answer never left back to `pending`, if they are still at that attempt and processing:
   * the next claim hands them out as their next attempt, and a late result for this one is refused as stale.
   */
  async release(em: EntityManager, tasks: { id: string; attempt: number }[]): Promise<string[]> {
    if (tasks.length === 0) return [];
    const rows = await em.execute<{ id: string }[]>(
      `update plugin_tasks
          set status = 'pending', device_id = null, claimed_at = null, lease_until = null, updated_at = now()
        where status = 'processing' and (id, attempt) in (${tasks.map(() => '(?::uuid, ?::int)').join(', ')})
        returning id`,
      tasks.flatMap((t) => [t.id, t.attempt]),
    );
    return rows.map((r) => r.id);
  }

  /** Marks `timeout` every task whose deadline (pending) or lease (processing) has passed. */
  async expire(em: EntityManager, taskIds?: string[]): Promise<FinishedTask[]> {
    const only = taskIds ? `and id in (${taskIds.map(() => '?').join(', ')})` : '';
    return em.execute<FinishedTask[]>(
      `with ended as (
         update plugin_tasks set status = 'timeout', finished_at = now(), updated_at = now()
          where ((status = 'pending' and deadline <= now()) or (status = 'processing' and lease_until <= now())) ${only}
          returning id, job_id, step, attempt, status, claimed_at is not null as ran),
       paced as (update vinted_account set last_call_at = now(), gap_draw = random()
                  where id = 1 and exists (select 1 from ended where ran))
       select id, job_id as "jobId", step, attempt, status from ended`,
      taskIds ?? [],
    );
  }

  /** When the next pending deadline or processing lease of this tenant passes, if any. */
  async nextDue(em: EntityManager): Promise<Date | undefined> {
    const [{ due }] = await em.execute<{ due: Date | string | null }[]>(
      `select least(
         (select min(deadline) from plugin_tasks where status = 'pending'),
         (select min(lease_until) from plugin_tasks where status = 'processing')) as due`,
    );
    return due === null ? undefined : new Date(due);
  }

  async cancel(em: EntityManager, filter: { jobId?: string; taskIds?: string[] }): Promise<FinishedTask[]> {
    const from = fromStatuses('cancelled');
    const where: string[] = [`status in (${from.map(() => '?').join(', ')})`];
    const params: unknown[] = [...from];
    if (filter.jobId) {
      where.push('job_id = ?');
      params.push(filter.jobId);
    }
    if (filter.taskIds) {
      where.push(`id in (${filter.taskIds.map(() => '?').join(', ')})`);
      params.push(...filter.taskIds);
    }
    return em.execute<FinishedTask[]>(
      `with ended as (
         update plugin_tasks set status = 'cancelled', finished_at = now(), updated_at = now()
          where ${where.join(' and ')}
          returning id, job_id, step, attempt, status, claimed_at is not null as ran),
       paced as (update vinted_account set last_call_at = now(), gap_draw = random()
                  where id = 1 and exists (select 1 from ended where ran))
       select id, job_id as "jobId", step, attempt, status from ended`,
      params,
    );
  }

  /** Back to `pending` (from failed or timeout) with a new deadline; the next claim is the next attempt. */
  async redispatch(em: EntityManager, taskId: string, deadline: Date): Promise<boolean> {
    const from = fromStatuses('pending');
    const result = await em.execute(
      `update plugin_tasks
          set status = 'pending', deadline = ?, device_id = null, claimed_at = null, lease_until = null,
              finished_at = null, updated_at = now()
        where id = ? and status in (${from.map(() => '?').join(', ')})`,
      [deadline, taskId, ...from],
      'run',
    );
    return (result as unknown as { affectedRows: number }).affectedRows === 1;
  }

  async byId(em: EntityManager, taskId: string): Promise<PluginTaskView | undefined> {
    const [row] = await em.execute<TaskRow[]>('select * from plugin_tasks where id = ?', [taskId]);
    return row && toView(row);
  }

  async byJob(em: EntityManager, jobId: string): Promise<PluginTaskView[]> {
    const rows = await em.execute<TaskRow[]>('select * from plugin_tasks where job_id = ? order by created_at, id', [
      jobId,
    ]);
    return rows.map(toView);
  }
}

/** The device a prelude checked in the same transaction (see `DevicesRepository.checkInPrelude`); '' if none. */
export const CHECKED_DEVICE = "nullif(current_setting('stoflow.device', true), '')";

/** `deviceId: null` takes the device the transaction's prelude checked, and claims nothing when it found none. */
function claimStatement(
  deviceId: string | null,
  max: number,
  graceMs: number,
  cap: number | null,
): { sql: string; params: unknown[] } {
  const limit =
    cap === null
      ? '?'
      : `greatest(0, least(?, ? - (select count(*) from plugin_tasks
                                    where status = 'processing' and lease_until > now())))`;
  const device = deviceId === null ? `${CHECKED_DEVICE}::uuid` : '?';
  return {
    sql: `with picked as (
         select id from plugin_tasks
          where status = 'pending' and deadline > now()
            ${deviceId === null ? `and ${CHECKED_DEVICE} is not null` : ''}
            and not exists (select 1 from vinted_account a
                             where a.paused_reason is not null or a.backoff_until > now())
          order by priority desc, created_at, id
          for update skip locked
          limit ${limit}
       )
       update plugin_tasks t
          set status = 'processing', attempt = t.attempt + 1, device_id = ${device}, claimed_at = now(),
              lease_until = now() + (t.timeout_ms + ?) * interval '1 millisecond', updated_at = now()
         from picked where t.id = picked.id
       returning t.id, t.attempt, t.method, t.url, t.headers, t.body, t.timeout_ms, t.created_at, t.priority`,
    params: [
      ...(cap === null ? [Math.min(max, MAX_CLAIM)] : [Math.min(max, MAX_CLAIM), cap]),
      ...(deviceId === null ? [] : [deviceId]),
      graceMs,
    ],
  };
}

function toClaimed(rows: ClaimRow[]): ClaimedTask[] {
  // UPDATE ... RETURNING has no order: hand them out as claimed (priority, then oldest first).
  rows.sort(
    (a, b) => b.priority - a.priority || +new Date(a.created_at) - +new Date(b.created_at) || a.id.localeCompare(b.id),
  );
  return rows.map((r) => ({
    id: r.id,
    attempt: r.attempt,
    method: r.method,
    url: r.url,
    headers: r.headers,
    body: r.body,
    timeoutMs: r.timeout_ms,
  }));
}

function toView(row: TaskRow): PluginTaskView {
  return {
    id: row.id,
    jobId: row.job_id,
    step: row.step,
    status: row.status,
    attempt: row.attempt,
    method: row.method,
    url: row.url,
    headers: row.headers,
    body: row.body,
    timeoutMs: row.timeout_ms,
    deadline: isoOrNull(row.deadline)!,
    deviceId: row.device_id,
    claimedAt: isoOrNull(row.claimed_at),
    leaseUntil: isoOrNull(row.lease_until),
    result:
      row.result_attempt === null
        ? null
        : {
            attempt: row.result_attempt,
            ok: row.result_ok!,
            status: row.result_status!,
            ...(row.result_body !== null ? { body: row.result_body } : {}),
            ...(row.result_error !== null ? { error: row.result_error } : {}),
            receivedAt: isoOrNull(row.finished_at)!,
          },
    createdAt: isoOrNull(row.created_at)!,
    updatedAt: isoOrNull(row.updated_at)!,
  };
}
