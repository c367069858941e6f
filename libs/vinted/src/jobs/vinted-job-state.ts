import type { PluginTaskView } from '../plugin/tasks/plugin-task';

export type JobAction = 'publish' | 'update' | 'delete';
export const JOB_ACTIONS: readonly JobAction[] = ['publish', 'update', 'delete'];

/** API.md: pending → running → completed | failed | cancelled | expired. */
export type JobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';
export const JOB_STATUSES: readonly JobStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled', 'expired'];

/**
 * The allowed status changes. Every status write filters on the `from` statuses listed here, so a change that is
 * not allowed touches no row: the API answers 409, the saga logs a no-op.
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

export function jobFromStatuses(to: JobStatus): JobStatus[] {
  return (Object.keys(JOB_TRANSITIONS) as JobStatus[]).filter((from) => JOB_TRANSITIONS[from].includes(to));
}

export const LIVE_JOB_STATUSES: readonly JobStatus[] = ['pending', 'running'];

/** Why a live job is not moving: behind an older job of the same product, backing off, or its account is paused. */
export type JobWaiting = 'queued' | 'backoff' | 'account-paused';

/** What the steps learnt so far; only plain data, so a restart rebuilds everything from it. */
export interface JobState {
  /** The draft's uuid, sent with the photos and the item: the key that finds an item whose creation answer was lost. */
  tempUuid?: string;
  uploadSessionId?: string;
  /** The product version the job's photos and fields come from (a later change needs its own edit). */
  basedOn?: number;
  /** The photos the listing will show, in order; `photoId` once uploaded. */
  photos?: { imageId: string; url: string; photoId: number | null }[];
  /** Title sent in the last create call: matched in the wardrobe only for an item whose photos a page does not show. */
  title?: string;
  /** Create calls sent so far (each after a reconciliation found nothing). */
  creates?: number;
  itemId?: string;
  itemUrl?: string | null;
  /** The last call's outcome is unknown: the wardrobe page being read to find the item before creating again. */
  reconcile?: { page: number; exhausted: boolean };
  /** The action's last call succeeded. */
  done?: boolean;
  /** Steps whose CSRF refusal was already retried once. */
  csrfRetried?: string[];
}

export interface JobError {
  code: string;
  message: string;
}

/** A job as the API answers it (API.md, Jobs). */
export interface JobView {
  id: string;
  marketplace: 'vinted';
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
  tasks?: PluginTaskView[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not even a uuid names no job: 404 like any other unknown id. */
export function isJobId(id: string): boolean {
  return UUID.test(id);
}
