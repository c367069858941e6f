/** The StoFlow plugin bridge (shared/API.md): the only calls the extension makes to its server. */
import type { PluginTask, TaskResult } from './task';

export type PollOutcome =
  | { kind: 'tasks'; tasks: PluginTask[] }
  | { kind: 'empty' }
  | { kind: 'revoked' }
  | { kind: 'retry'; status: string; retryAfter: string | null };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const POLL_WAIT_SECONDS = 25;

/** Trades a pairing code for a plugin token (the code is the credential: no other authentication). */
export async function exchangeCode(server: string, code: string, name: string): Promise<string> {
  const res = await fetch(`${server}/api/plugin/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  const body = (await res.json().catch(() => null)) as {
    pluginToken?: string;
    error?: { message?: string };
  } | null;
  if (res.status !== 201 || typeof body?.pluginToken !== 'string') {
    throw new ApiError(res.status, body?.error?.message ?? `The server answered ${res.status}`);
  }
  return body.pluginToken;
}

/** The StoFlow user id in a plugin token; the extension does not verify it, it only shows it. */
export function tokenUserId(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown };
    const id = Number(payload.sub);
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** One long-poll. One task at a time: the backend paces each Vinted account, and a tab runs one call at once. */
export async function poll(server: string, token: string, stop: AbortSignal): Promise<PollOutcome> {
  const res = await fetch(`${server}/api/plugin/tasks?wait=${POLL_WAIT_SECONDS}&max=1`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.any([stop, AbortSignal.timeout((POLL_WAIT_SECONDS + 15) * 1000)]),
  });
  if (res.status === 204) return { kind: 'empty' };
  if (res.status === 401) return { kind: 'revoked' };
  if (res.status === 200) {
    const body = (await res.json()) as { tasks?: PluginTask[] };
    return { kind: 'tasks', tasks: body.tasks ?? [] };
  }
  return { kind: 'retry', status: `HTTP ${res.status}`, retryAfter: res.headers.get('retry-after') };
}

/** 200 and 409 (the task is no longer ours) are both final; anything else throws, to be retried. */
export async function postResult(server: string, token: string, taskId: string, result: TaskResult): Promise<number> {
  const res = await fetch(`${server}/api/plugin/tasks/${encodeURIComponent(taskId)}/result`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(result),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status === 200 || res.status === 409 || res.status === 401 || res.status === 400 || res.status === 404) {
    return res.status;
  }
  throw new ApiError(res.status, `posting the result answered ${res.status}`);
}

export async function heartbeat(
  server: string,
  token: string,
  body: { version: string; vinted: { loggedIn: boolean; userId?: number; login?: string } },
): Promise<number> {
  const res = await fetch(`${server}/api/plugin/heartbeat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return res.status;
}
