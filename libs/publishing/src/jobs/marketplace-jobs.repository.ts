import { LockMode, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Marketplace } from '@stoflow/catalog';
import { IllegalTransition } from '@stoflow/core';
import { MarketplaceJob } from './marketplace-job.entity';
import {
  canWait,
  ENDED_JOB_STATUSES,
  JobAction,
  JobError,
  jobFromStatuses,
  JobStatus,
  JobView,
  JobWaiting,
  LIVE_JOB_STATUSES,
} from './marketplace-job';

export interface NewJob {
  id: string;
  marketplace: Marketplace;
  action: JobAction;
  productId: string;
  batchId: string | null;
  expiresAt: Date;
}

export interface JobFilter {
  status?: JobStatus;
  marketplace?: Marketplace;
  productId?: string;
  batchId?: string;
}

/** The fields a step may change on its (locked) job; `waiting` is checked against its transition table. */
export type JobChanges = Partial<
  Pick<
    MarketplaceJob,
    | 'step'
    | 'callId'
    | 'state'
    | 'progressDone'
    | 'progressTotal'
    | 'stepRetries'
    | 'waiting'
    | 'nextRunAt'
    | 'errorCode'
    | 'errorMessage'
    | 'expiresAt'
  >
>;

type JobRow = Record<string, unknown> & { total?: number };

/**
 * The tenant's `marketplace_jobs` (the caller's TenantDatabase transaction sets search_path and role). Single-job
 * reads and writes go through the entity; the sweeper's and the list's set queries are SQL (ADR 0006).
 */
@Injectable()
export class MarketplaceJobsRepository {
  async insert(em: EntityManager, job: NewJob): Promise<void> {
    await em.insert(MarketplaceJob, { ...job, batchId: job.batchId, state: {} });
  }

  /** The job locked for the rest of the transaction: one step runner at a time per job. */
  lock(em: EntityManager, jobId: string): Promise<MarketplaceJob | null> {
    return em.findOne(MarketplaceJob, jobId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  byId(em: EntityManager, jobId: string): Promise<MarketplaceJob | null> {
    return em.findOne(MarketplaceJob, jobId, { refresh: true });
  }

  /** Changes a locked job; a change of `waiting` must be allowed from where the job is. */
  async update(em: EntityManager, job: MarketplaceJob, changes: JobChanges): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    if (changes.waiting !== undefined && !canWait(job.waiting, changes.waiting)) {
      throw new IllegalTransition('A job waiting', job.waiting ?? 'moving', changes.waiting ?? 'moving');
    }
    await em.nativeUpdate(MarketplaceJob, { id: job.id }, { ...changes, updatedAt: raw('now()') });
    Object.assign(job, changes);
  }

  /**
   * Moves the job to `to` only from a status the transition table allows; answers false (nothing written) when
   * the job is elsewhere. Ending statuses stamp `finishedAt`; `running` stamps `startedAt` once.
   */
  async transition(
    em: EntityManager,
    job: MarketplaceJob,
    to: JobStatus,
    extra: JobChanges & { attempts?: 'increment' } = {},
  ): Promise<boolean> {
    const { attempts, ...changes } = extra;
    if (changes.waiting !== undefined && changes.waiting !== null) {
      throw new IllegalTransition('A job waiting', job.waiting ?? 'moving', changes.waiting);
    }
    const affected = await em.nativeUpdate(
      MarketplaceJob,
      { id: job.id, status: { $in: jobFromStatuses(to) } },
      {
        ...changes,
        status: to,
        ...(attempts ? { attempts: raw('attempts + 1') } : {}),
        ...(to === 'running' ? { startedAt: raw('coalesce(started_at, now())') } : {}),
        ...(to === 'pending' ? { finishedAt: null } : {}),
        ...(ENDED_JOB_STATUSES.includes(to) ? { finishedAt: raw('now()') } : {}),
        updatedAt: raw('now()'),
      },
    );
    if (affected !== 1) return false;
    await em.refresh(job);
    return true;
  }

  /** The live job of the product on the same marketplace created before this one: they run one after another. */
  async olderLive(em: EntityManager, job: MarketplaceJob): Promise<string | undefined> {
    const [row] = await em.execute<{ id: string }[]>(
      `select id from marketplace_jobs
        where product_id = ? and marketplace = ? and status in ('pending', 'running') and (created_at, id) < (?, ?)
        order by created_at, id limit 1`,
      [job.productId, job.marketplace, job.createdAt, job.id],
    );
    return row?.id;
  }

  /** The next live job of the product on the same marketplace after this one (to start when this one ends). */
  async nextLive(em: EntityManager, job: MarketplaceJob): Promise<string | undefined> {
    const [row] = await em.execute<{ id: string }[]>(
      `select id from marketplace_jobs
        where product_id = ? and marketplace = ? and status in ('pending', 'running') and (created_at, id) > (?, ?)
        order by created_at, id limit 1`,
      [job.productId, job.marketplace, job.createdAt, job.id],
    );
    return row?.id;
  }

  /** The not-yet-started job of the product with this action there (to coalesce a repeated request). */
  pendingOf(
    em: EntityManager,
    marketplace: Marketplace,
    productId: string,
    action: JobAction,
  ): Promise<MarketplaceJob | null> {
    return em.findOne(
      MarketplaceJob,
      { marketplace, productId, action, status: 'pending', step: null },
      { orderBy: { createdAt: 'desc' } },
    );
  }

  liveOf(em: EntityManager, marketplace: Marketplace, productId: string): Promise<MarketplaceJob[]> {
    return em.find(
      MarketplaceJob,
      { marketplace, productId, status: { $in: [...LIVE_JOB_STATUSES] } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  /** Live jobs that need a look now: due back-off, passed expiry, or idle (a lost wake-up) for `idleMs`. */
  async due(em: EntityManager, idleMs: number, limit: number): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `select id from marketplace_jobs
        where status in ('pending', 'running')
          and (expires_at <= now() or coalesce(next_run_at, updated_at + ? * interval '1 millisecond') <= now())
        order by created_at limit ?`,
      [idleMs, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Jobs of a marketplace waiting on its paused account (to run again when it resumes). */
  async waitingOnAccount(em: EntityManager, marketplace: Marketplace): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `select id from marketplace_jobs where marketplace = ? and status = 'running' and waiting = 'account-paused'
        order by created_at`,
      [marketplace],
    );
    return rows.map((r) => r.id);
  }

  /** The earliest time a live job of the tenant needs the sweeper, if any. */
  async nextDue(em: EntityManager, idleMs: number): Promise<Date | undefined> {
    const [{ due }] = await em.execute<{ due: Date | string | null }[]>(
      `select min(least(expires_at, coalesce(next_run_at, updated_at + ? * interval '1 millisecond'))) as due
         from marketplace_jobs where status in ('pending', 'running')`,
      [idleMs],
    );
    return due === null ? undefined : new Date(due);
  }

  /**
   * Marketplaces other than `soldOn` whose last job for the product is a withdrawal asked for since `since` and
   * confirmed by the marketplace: where the product's selling out took it down.
   */
  async withdrawnSince(em: EntityManager, productId: string, soldOn: Marketplace, since: Date): Promise<Marketplace[]> {
    const rows = await em.execute<{ marketplace: Marketplace }[]>(
      `select marketplace from (
         select distinct on (marketplace) marketplace, action, status, created_at from marketplace_jobs
          where product_id = ? and marketplace <> ? order by marketplace, created_at desc, id desc) last
        where action = 'delete' and status = 'completed' and created_at >= ?`,
      [productId, soldOn, since],
    );
    return rows.map((r) => r.marketplace);
  }

  /** Publishes on every marketplace asked for since UTC midnight (the daily quota); cancelled-before-start excluded. */
  async publishesToday(em: EntityManager): Promise<number> {
    const [{ n }] = await em.execute<{ n: number }[]>(
      `select count(*)::int as n from marketplace_jobs
        where action = 'publish' and created_at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'
          and not (status = 'cancelled' and started_at is null)`,
    );
    return n;
  }

  /** One page of jobs, newest first, with the filter's total: one statement whatever the filter. */
  async list(
    em: EntityManager,
    filter: JobFilter,
    page: number,
    limit: number,
  ): Promise<(JobView & { total: number })[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const columns: [keyof JobFilter, string][] = [
      ['status', 'status'],
      ['marketplace', 'marketplace'],
      ['productId', 'product_id'],
      ['batchId', 'batch_id'],
    ];
    for (const [key, column] of columns) {
      if (filter[key] === undefined) continue;
      where.push(`${column} = ?`);
      params.push(filter[key]);
    }
    const rows = await em.execute<JobRow[]>(
      `select *, count(*) over ()::int as total from marketplace_jobs
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by created_at desc, id desc limit ? offset ?`,
      [...params, limit, (page - 1) * limit],
    );
    return rows.map((row) => ({ ...toJobView(em.map(MarketplaceJob, row)), total: row.total ?? 0 }));
  }
}

export function toJobView(job: MarketplaceJob): JobView {
  const error: JobError | null = job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? '' } : null;
  return {
    id: job.id,
    marketplace: job.marketplace,
    action: job.action,
    productId: job.productId,
    batchId: job.batchId,
    status: job.status,
    step: job.step,
    waiting: job.waiting,
    progress: { done: job.progressDone, total: job.progressTotal },
    error,
    attempts: job.attempts,
    createdAt: iso(job.createdAt),
    startedAt: job.startedAt ? iso(job.startedAt) : null,
    finishedAt: job.finishedAt ? iso(job.finishedAt) : null,
    expiresAt: iso(job.expiresAt),
  };
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

export type { JobWaiting };
