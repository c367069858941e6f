/** Task status: pending → processing → completed | failed | timeout, and cancelled from pending or processing. */
export type PluginTaskStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'timeout' | 'cancelled';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The allowed status changes. The SQL of each change filters on the `from` statuses listed here, so a change
 * that is not allowed touches no row (and the caller answers 409) instead of overwriting a status.
 */
export const TASK_TRANSITIONS: Record<PluginTaskStatus, readonly PluginTaskStatus[]> = {
  pending: ['processing', 'timeout', 'cancelled'],
  processing: ['completed', 'failed', 'timeout', 'cancelled'],
  // A saga may send a failed or timed-out call again: same task, the next claim is a new attempt.
  failed: ['pending'],
  timeout: ['pending'],
  completed: [],
  cancelled: [],
};

export function fromStatuses(to: PluginTaskStatus): PluginTaskStatus[] {
  return (Object.keys(TASK_TRANSITIONS) as PluginTaskStatus[]).filter((from) => TASK_TRANSITIONS[from].includes(to));
}

/** What the extension receives: one HTTP call to run in the user's Vinted tab. */
export interface ClaimedTask {
  id: string;
  attempt: number;
  method: HttpMethod;
  /** Relative to the user's Vinted origin (`/api/v2/...`). */
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
}

export interface TaskError {
  code: string;
  message: string;
  /** Vinted's Retry-After on a 429, passed on by the extension. */
  retryAfterSeconds?: number;
}

/** What the extension posts back for one attempt. */
export interface TaskResult {
  attempt: number;
  ok: boolean;
  status: number;
  body?: unknown;
  error?: TaskError;
}

/** A task as the saga and the tests see it. */
export interface PluginTaskView {
  id: string;
  jobId: string | null;
  step: string | null;
  status: PluginTaskStatus;
  attempt: number;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  deadline: string;
  deviceId: string | null;
  claimedAt: string | null;
  leaseUntil: string | null;
  result: (TaskResult & { receivedAt: string }) | null;
  createdAt: string;
  updatedAt: string;
}
