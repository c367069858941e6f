import { EntityManager } from '@mikro-orm/postgresql';
import type { StepOutcome } from '../driver/marketplace-driver';
import type { JobCallView } from '../jobs/marketplace-job';

/**
 * One request a marketplace's sequence made, as its job shows it (`GET /api/jobs/{id}`): kept on the call row in
 * the order sent.
 */
export interface TrailEntry {
  step: string;
  method: string;
  path: string;
  status: number | null;
  at: string;
}

export type SequenceCallStatus = 'queued' | 'sending' | 'done' | 'cancelled';

export interface SequenceCallRow<Request> {
  id: string;
  job_id: string;
  step: string;
  request: Request;
  status: SequenceCallStatus;
  attempt: number;
  outcome: StepOutcome | null;
  result_status: number | null;
  trail: TrailEntry[];
  due_at: Date;
  created_at: Date;
  updated_at: Date;
}

/**
 * The sequences a directly-called marketplace's jobs decide and the worker sends (one tenant table per marketplace,
 * e.g. `ebay_calls`, `etsy_calls`, of the same shape), with each one's outcome. A marketplace subclasses it with its
 * table and its request type.
 */
export abstract class SequenceCallsRepository<Request> {
  protected constructor(private readonly table: string) {}

  async insert(em: EntityManager, call: { id: string; jobId: string; step: string; request: Request }): Promise<void> {
    await em.execute(
      `insert into ${this.table} (id, job_id, step, request) values (?, ?, ?, ?::jsonb)`,
      [call.id, call.jobId, call.step, JSON.stringify(call.request)],
      'run',
    );
  }

  async get(em: EntityManager, id: string): Promise<SequenceCallRow<Request> | undefined> {
    const [row] = await em.execute<SequenceCallRow<Request>[]>(`select * from ${this.table} where id = ?`, [id]);
    return row;
  }

  /** The worker takes a queued call to send it; a call taken, cancelled or answered already is left alone. */
  async claim(em: EntityManager, id: string, attempt: number): Promise<SequenceCallRow<Request> | undefined> {
    const [row] = await em.execute<SequenceCallRow<Request>[]>(
      `update ${this.table} set status = 'sending', updated_at = now()
        where id = ? and attempt = ? and status = 'queued' returning *`,
      [id, attempt],
    );
    return row;
  }

  /** The account is held back: the call waits, and its deadline counts from when it may go. */
  async postpone(em: EntityManager, id: string, attempt: number, until: Date): Promise<void> {
    await em.execute(
      `update ${this.table} set status = 'queued', due_at = ?, updated_at = now()
        where id = ? and attempt = ? and status = 'sending'`,
      [until, id, attempt],
      'run',
    );
  }

  async answer(
    em: EntityManager,
    id: string,
    attempt: number,
    outcome: StepOutcome,
    resultStatus: number | null,
    trail: TrailEntry[],
  ): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `update ${this.table} set status = 'done', outcome = ?::jsonb, result_status = ?, trail = trail || ?::jsonb,
         updated_at = now()
        where id = ? and attempt = ? and status = 'sending' returning id`,
      [JSON.stringify(outcome), resultStatus, JSON.stringify(trail), id, attempt],
    );
    return rows.length > 0;
  }

  /** The same call again, as its next attempt. */
  async requeue(em: EntityManager, id: string): Promise<number> {
    const [row] = await em.execute<{ attempt: number }[]>(
      `update ${this.table} set status = 'queued', attempt = attempt + 1, outcome = null, result_status = null,
         due_at = now(), updated_at = now()
       where id = ? returning attempt`,
      [id],
    );
    return row?.attempt ?? 1;
  }

  async cancelOf(em: EntityManager, jobId: string): Promise<void> {
    await em.execute(
      `update ${this.table} set status = 'cancelled', updated_at = now() where job_id = ? and status = 'queued'`,
      [jobId],
      'run',
    );
  }

  async ofJob(em: EntityManager, jobId: string): Promise<SequenceCallRow<Request>[]> {
    return em.execute<SequenceCallRow<Request>[]>(
      `select * from ${this.table} where job_id = ? order by created_at, id`,
      [jobId],
    );
  }
}

/**
 * What a job's calls show: each request its sequences made (oldest first), then the sequence still out, if any.
 * `url` builds a request's URL.
 */
export function sequenceCallViews(row: SequenceCallRow<unknown>, url: (path: string) => string): JobCallView[] {
  const sent = row.trail.map((entry, i) => ({
    id: `${row.id}:${i + 1}`,
    step: entry.step,
    status: entry.status !== null && entry.status < 400 ? 'completed' : 'failed',
    attempt: row.attempt,
    method: entry.method,
    url: url(entry.path),
    resultStatus: entry.status,
    createdAt: entry.at,
    updatedAt: entry.at,
  }));
  if (row.status === 'done' || row.status === 'cancelled') return sent;
  const now = new Date(row.updated_at).toISOString();
  return [
    ...sent,
    {
      id: row.id,
      step: row.step,
      status: row.status,
      attempt: row.attempt,
      method: 'SEQUENCE',
      url: url(''),
      resultStatus: null,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: now,
    },
  ];
}
