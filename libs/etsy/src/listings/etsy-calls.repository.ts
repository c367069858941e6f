import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { JobCallView, StepOutcome } from '@stoflow/publishing';
import type { EtsySequence, TrailEntry } from './etsy-sequence';

export type EtsyCallStatus = 'queued' | 'sending' | 'done' | 'cancelled';

export interface EtsyCallRow {
  id: string;
  job_id: string;
  step: string;
  request: EtsySequence;
  status: EtsyCallStatus;
  attempt: number;
  outcome: StepOutcome | null;
  result_status: number | null;
  trail: TrailEntry[];
  due_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** The calls Etsy jobs decide and the worker sends (`etsy_calls`), with each one's outcome. */
@Injectable()
export class EtsyCallsRepository {
  async insert(
    em: EntityManager,
    call: { id: string; jobId: string; step: string; request: EtsySequence },
  ): Promise<void> {
    await em.execute(
      'insert into etsy_calls (id, job_id, step, request) values (?, ?, ?, ?::jsonb)',
      [call.id, call.jobId, call.step, JSON.stringify(call.request)],
      'run',
    );
  }

  async get(em: EntityManager, id: string): Promise<EtsyCallRow | undefined> {
    const [row] = await em.execute<EtsyCallRow[]>('select * from etsy_calls where id = ?', [id]);
    return row;
  }

  /** The worker takes a queued call to send it; a call taken, cancelled or answered already is left alone. */
  async claim(em: EntityManager, id: string, attempt: number): Promise<EtsyCallRow | undefined> {
    const [row] = await em.execute<EtsyCallRow[]>(
      `update etsy_calls set status = 'sending', updated_at = now()
        where id = ? and attempt = ? and status = 'queued' returning *`,
      [id, attempt],
    );
    return row;
  }

  /** The account is held back: the call waits, and its deadline counts from when it may go. */
  async postpone(em: EntityManager, id: string, attempt: number, until: Date): Promise<void> {
    await em.execute(
      `update etsy_calls set status = 'queued', due_at = ?, updated_at = now()
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
      `update etsy_calls set status = 'done', outcome = ?::jsonb, result_status = ?, trail = trail || ?::jsonb,
         updated_at = now()
        where id = ? and attempt = ? and status = 'sending' returning id`,
      [JSON.stringify(outcome), resultStatus, JSON.stringify(trail), id, attempt],
    );
    return rows.length > 0;
  }

  /** The same call again, as its next attempt. */
  async requeue(em: EntityManager, id: string): Promise<number> {
    const [row] = await em.execute<{ attempt: number }[]>(
      `update etsy_calls set status = 'queued', attempt = attempt + 1, outcome = null, result_status = null,
         due_at = now(), updated_at = now()
       where id = ? returning attempt`,
      [id],
    );
    return row?.attempt ?? 1;
  }

  async cancelOf(em: EntityManager, jobId: string): Promise<void> {
    await em.execute(
      `update etsy_calls set status = 'cancelled', updated_at = now() where job_id = ? and status = 'queued'`,
      [jobId],
      'run',
    );
  }

  async ofJob(em: EntityManager, jobId: string): Promise<EtsyCallRow[]> {
    return em.execute<EtsyCallRow[]>('select * from etsy_calls where job_id = ? order by created_at, id', [jobId]);
  }
}

/**
 * What a job's calls show: each Etsy request its sequences made (oldest first), then the sequence still out, if
 * any. `url` builds a request's URL.
 */
export function callViews(row: EtsyCallRow, url: (path: string) => string): JobCallView[] {
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
