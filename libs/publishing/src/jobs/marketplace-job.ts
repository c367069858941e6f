import type { Marketplace } from '@stoflow/catalog';

export type JobAction = 'publish' | 'update' | 'delete';
export const JOB_ACTIONS: readonly JobAction[] = ['publish', 'update', 'delete'];

/** API.md: pending → running → completed | failed | cancelled | expired. */
export type JobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';
export const JOB_STATUSES: readonly JobStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled', 'expired'];
export const LIVE_JOB_STATUSES: readonly JobStatus[] = ['pending', 'running'];
export const ENDED_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled', 'expired'];

/**
 * The allowed status changes. Every status write filters on the `from` statuses listed here, so a change that is
 * not allowed touches no row: the API answers 409, the runner logs a no-op.
 */
export const JOB_TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  pending: ['running', 'cancelled', 'expired', 'failed'],
  running: ['completed', 'failed', 'cancelled', 'expired'],
  // A retry starts the job again from its last recorded step.
  failed: ['pending'],
  expired: ['pending'],
  completed: [],
  cancelled: [],
};

/**
 * Why a live job is not moving: behind an older job of the same product there (`queued`), retrying later
 * (`backoff`), or its marketplace account needs the user (`account-paused`: a captcha, an expired session).
 */
export type JobWaiting = 'queued' | 'backoff' | 'account-paused';
export const JOB_WAITINGS: readonly JobWaiting[] = ['queued', 'backoff', 'account-paused'];

/**
 * The allowed changes of `waiting` (`moving` = null). A wait ends by moving again; a job that is moving may start
 * any wait; a paused account or a back-off is never turned into a place in the product's queue (that is only
 * for a job that has not started). Staying where it is, is always allowed.
 */
export const WAITING_TRANSITIONS: Record<'moving' | JobWaiting, readonly ('moving' | JobWaiting)[]> = {
  moving: ['queued', 'backoff', 'account-paused'],
  queued: ['moving'],
  backoff: ['moving', 'account-paused'],
  'account-paused': ['moving'],
};

export function jobFromStatuses(to: JobStatus): JobStatus[] {
  return (Object.keys(JOB_TRANSITIONS) as JobStatus[]).filter((from) => JOB_TRANSITIONS[from].includes(to));
}

export function canWait(from: JobWaiting | null, to: JobWaiting | null): boolean {
  return from === to || WAITING_TRANSITIONS[from ?? 'moving'].includes(to ?? 'moving');
}

export interface JobError {
  code: string;
  message: string;
}

/** One call a job made, as `GET /api/jobs/{id}` shows it (a plugin task on Vinted, an API call elsewhere). */
export interface JobCallView {
  id: string;
  step: string | null;
  status: string;
  attempt: number;
  method: string;
  url: string;
  resultStatus: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A job as the API answers it (API.md, Jobs). */
export interface JobView {
  id: string;
  marketplace: Marketplace;
  action: JobAction;
  productId: string;
  batchId: string | null;
  status: JobStatus;
  step: string | null;
  waiting: JobWaiting | null;
  progress: { done: number; total: number };
  error: JobError | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string;
  tasks?: JobCallView[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not even a uuid names no job: 404 like any other unknown id. */
export function isJobId(id: string): boolean {
  return UUID.test(id);
}
