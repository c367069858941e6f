import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { JobAction, JobError, jobFromStatuses, JobState, JobStatus, JobView, JobWaiting } from './vinted-job';
import { isoOrNull } from '../iso-time';

export interface JobRow {
  id: string;
  action: JobAction;
  product_id: string;
  batch_id: string | null;
  status: JobStatus;
  step: string | null;
  task_id: string | null;
  state: JobState;
  progress_done: number;
  progress_total: number;
  attempts: number;
  step_retries: number;
  waiting: JobWaiting | null;
  next_run_at: Date | null;
  error_code: string | null;
  error_message: string | null;
  expires_at: Date;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

export interface NewJob {
  id: string;
  action: JobAction;
  productId: string;
  batchId: string | null;
  expiresAt: Date;
}

export interface JobFilter {
  status?: JobStatus;
  productId?: string;
}

/** The fields a saga step may change on its (locked) job row. */
export type JobChanges = Partial<
  Pick<
    JobRow,
    | 'step'
    | 'task_id'
    | 'state'
    | 'progress_done'
    | 'progress_total'
    | 'step_retries'
    | 'waiting'
    | 'next_run_at'
    | 'error_code'
    | 'error_message'
    | 'expires_at'
  >
>;

const JSON_COLUMNS = new Set(['state']);

/** SQL on the tenant's `vinted_jobs` (the caller's TenantDatabase transaction sets search_path and role). */
@Injectable()
export class VintedJobsRepository {
  async insert(em: EntityManager, job: NewJob): Promise<void> {
    await em.execute(
      'insert into vinted_jobs (id, action, product_id, batch_id, expires_at) values (?, ?, ?, ?, ?)',
      [job.id, job.action, job.productId, job.batchId, job.expiresAt],
      'run',
    );
  }

  /** The job locked for the rest of the transaction: one step runner at a time per job. */
  async lock(em: EntityManager, jobId: string): Promise<JobRow | undefined> {
    const [row] = await em.execute<JobRow[]>('select * from vinted_jobs where id = ? for update', [jobId]);
    return row;
  }

  async byId(em: EntityManager, jobId: string): Promise<JobRow | undefined> {
    const [row] = await em.execute<JobRow[]>('select * from vinted_jobs where id = ?', [jobId]);
    return row;
  }

  async update(em: EntityManager, jobId: string, changes: JobChanges): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const sets = entries.map(([column]) => `${column} = ?${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`);
    await em.execute(
      `update vinted_jobs set ${sets.join(', ')}, updated_at = now() where id = ?`,
      [...entries.map(([column, value]) => (JSON_COLUMNS.has(column) ? JSON.stringify(value) : value)), jobId],
      'run',
    );
  }

  /**
   * Moves the job to `to` only from a status the transition table allows; answers false (nothing written) when
   * the job is elsewhere. Ending statuses stamp `finished_at`; `running` stamps `started_at` once.
   */
  async transition(
    em: EntityManager,
    jobId: string,
    to: JobStatus,
    extra: JobChanges & { attempts?: 'increment' } = {},
  ): Promise<boolean> {
    const from = jobFromStatuses(to);
    const { attempts, ...changes } = extra;
    const entries = Object.entries(changes);
    const sets = [
      'status = ?',
      ...entries.map(([column]) => `${column} = ?${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`),
      ...(attempts ? ['attempts = attempts + 1'] : []),
      ...(to === 'running' ? ['started_at = coalesce(started_at, now())'] : []),
      ...(to === 'pending' ? ['finished_at = null'] : []),
      ...(['completed', 'failed', 'cancelled', 'expired'].includes(to) ? ['finished_at = now()'] : []),
      'updated_at = now()',
    ];
    const result = await em.execute(
      `update vinted_jobs set ${sets.join(', ')} where id = ? and status in (${from.map(() => '?').join(', ')})`,
      [
        to,
        ...entries.map(([column, value]) => (JSON_COLUMNS.has(column) ? JSON.stringify(value) : value)),
        jobId,
        ...from,
      ],
      'run',
    );
    return (result as unknown as { affectedRows: number }).affectedRows === 1;
  }

  /** The live job of the product created before this one, if any: jobs of one product run one after another. */
  async olderLive(
    em: EntityManager,
    job: Pick<JobRow, 'id' | 'product_id' | 'created_at'>,
  ): Promise<string | undefined> {
    const [row] = await em.execute<{ id: string }[]>(
      `select id from vinted_jobs
        where product_id = ? and status in ('pending', 'running') and (created_at, id) < (?, ?)
        order by created_at, id limit 1`,
      [job.product_id, job.created_at, job.id],
    );
    return row?.id;
  }

  /** The next live job of the product after this one (to start when this one ends). */
  async nextLive(
    em: EntityManager,
    job: Pick<JobRow, 'id' | 'product_id' | 'created_at'>,
  ): Promise<string | undefined> {
    const [row] = await em.execute<{ id: string }[]>(
      `select id from vinted_jobs
        where product_id = ? and status in ('pending', 'running') and (created_at, id) > (?, ?)
        order by created_at, id limit 1`,
      [job.product_id, job.created_at, job.id],
    );
    return row?.id;
  }

  /** Live jobs of the product with this action that have not started yet (to coalesce a repeated request). */
  async pendingOf(em: EntityManager, productId: string, action: JobAction): Promise<JobRow | undefined> {
    const [row] = await em.execute<JobRow[]>(
      `select * from vinted_jobs where product_id = ? and action = ? and status = 'pending' and step is null
        order by created_at desc limit 1`,
      [productId, action],
    );
    return row;
  }

  async liveOf(em: EntityManager, productId: string): Promise<JobRow[]> {
    return em.execute<JobRow[]>(
      "select * from vinted_jobs where product_id = ? and status in ('pending', 'running') order by created_at, id",
      [productId],
    );
  }

  /** Live jobs that need a look now: due back-off, passed expiry, or idle (a lost wake-up) for `idleMs`. */
  async due(em: EntityManager, idleMs: number, limit: number): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `select id from vinted_jobs
        where status in ('pending', 'running')
          and (expires_at <= now() or coalesce(next_run_at, updated_at + ? * interval '1 millisecond') <= now())
        order by created_at limit ?`,
      [idleMs, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Jobs waiting on a paused account (to run again when it resumes). */
  async waitingOnAccount(em: EntityManager): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      "select id from vinted_jobs where status = 'running' and waiting = 'account-paused' order by created_at",
    );
    return rows.map((r) => r.id);
  }

  /** The earliest time a live job of the tenant needs the sweeper, if any. */
  async nextDue(em: EntityManager, idleMs: number): Promise<Date | undefined> {
    const [{ due }] = await em.execute<{ due: Date | string | null }[]>(
      `select min(least(expires_at, coalesce(next_run_at, updated_at + ? * interval '1 millisecond'))) as due
         from vinted_jobs where status in ('pending', 'running')`,
      [idleMs],
    );
    return due === null ? undefined : new Date(due);
  }

  /** Publishes started since UTC midnight (what the daily quota counts); cancelled-before-start ones excluded. */
  async publishesToday(em: EntityManager): Promise<number> {
    const [{ n }] = await em.execute<{ n: number }[]>(
      `select count(*)::int as n from vinted_jobs
        where action = 'publish' and created_at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'
          and not (status = 'cancelled' and started_at is null)`,
    );
    return n;
  }

  async list(
    em: EntityManager,
    filter: JobFilter,
    page: number,
    limit: number,
  ): Promise<{ rows: (JobRow & { total: number })[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.productId) {
      where.push('product_id = ?');
      params.push(filter.productId);
    }
    const rows = await em.execute<(JobRow & { total: number })[]>(
      `select *, count(*) over ()::int as total from vinted_jobs
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by created_at desc, id desc limit ? offset ?`,
      [...params, limit, (page - 1) * limit],
    );
    return { rows };
  }
}

export function toJobView(row: JobRow): JobView {
  const error: JobError | null = row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null;
  return {
    id: row.id,
    marketplace: 'vinted',
    action: row.action,
    productId: row.product_id,
    batchId: row.batch_id,
    status: row.status,
    step: row.step,
    waiting: row.waiting,
    progress: { done: row.progress_done, total: row.progress_total },
    error,
    attempts: row.attempts,
    createdAt: isoOrNull(row.created_at)!,
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    expiresAt: isoOrNull(row.expires_at)!,
  };
}
