/**
 * The task protocol (shared/API.md, Plugin bridge; VINTED.md): a task is one HTTP call to Vinted. These helpers
 * are pure, so that the rules the extension enforces (hosts, body shapes, what goes back) are unit-tested.
 */
import { checkImageUrl, checkMediaUrl, checkTaskUrl } from './hosts';

export interface PluginTask {
  id: string;
  attempt: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
}

export interface TaskError {
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export interface TaskResult {
  attempt: number;
  ok: boolean;
  status: number;
  body?: unknown;
  error?: TaskError;
}

export interface MultipartFile {
  field: string;
  url: string;
  filename: string;
  contentType: string;
}

export interface MultipartBody {
  multipart: { fields?: Record<string, string>; files?: MultipartFile[] };
}

/**
 * A photo copy (an import): the task's URL is an image on Vinted's CDN, downloaded without the session, whose
 * bytes are posted as one multipart part to `to`, a signed upload URL on the paired server.
 */
export interface CopyBody {
  copy: { to: string; field?: string; filename?: string };
}

/** A photo as the page rebuilds it: bytes travel base64 because only JSON-like values cross into the page. */
export interface PageFile {
  field: string;
  filename: string;
  contentType: string;
  base64: string;
}

/** What the page-world function receives. */
export interface PageRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  json?: string;
  multipart?: { fields: Record<string, string>; files: PageFile[] };
  timeoutMs: number;
}

/** What it gives back: Vinted's answer, or why there was none. */
export type PageResponse =
  | { kind: 'answer'; status: number; contentType: string; retryAfter: string | null; text: string }
  | { kind: 'error'; code: string; message: string };

/** A task checked and ready to run, still without its photos' bytes. */
export interface PreparedTask {
  request: Omit<PageRequest, 'multipart'>;
  fields?: Record<string, string>;
  /** Absolute media URLs on the paired server, checked. */
  files?: (MultipartFile & { url: string })[];
  /** A photo copy: `request.url` is the checked image, `to` the checked upload URL on the paired server. */
  copy?: { to: string; field: string; filename: string };
}

export const REFUSED = 'EXTENSION_REFUSED';
export const HTML_KEEP = 2048;

export function isCopy(body: unknown): body is CopyBody {
  return typeof body === 'object' && body !== null && 'copy' in body;
}

export function isMultipart(body: unknown): body is MultipartBody {
  return typeof body === 'object' && body !== null && 'multipart' in body;
}

/** Checks a task against the hosts it may reach; a refusal names the reason and is reported as failed. */
export function prepareTask(
  task: PluginTask,
  tab: { origin: string },
  server: { origin: string },
  extraVintedOrigins: readonly string[] = [],
): { ok: true; task: PreparedTask } | { ok: false; error: TaskError } {
  if (isCopy(task.body)) return prepareCopy(task, task.body, server, extraVintedOrigins);
  const target = checkTaskUrl(task.url, tab.origin, extraVintedOrigins);
  if (!target.ok) return { ok: false, error: { code: REFUSED, message: target.reason } };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(task.headers ?? {})) {
    // The browser sets these itself; a task must not be able to pick the cookies or the length.
    if (/^(cookie|host|content-length|content-type|origin|referer)$/i.test(name)) continue;
    headers[name.toLowerCase()] = String(value);
  }
  const request = { url: target.url, method: task.method.toUpperCase(), headers, timeoutMs: task.timeoutMs };
  if (task.body === null || task.body === undefined) return { ok: true, task: { request } };
  if (!isMultipart(task.body)) {
    return { ok: true, task: { request: { ...request, json: JSON.stringify(task.body) } } };
  }
  const files: PreparedTask['files'] = [];
  for (const file of task.body.multipart.files ?? []) {
    const checked = checkMediaUrl(file.url, server.origin);
    if (!checked.ok) return { ok: false, error: { code: REFUSED, message: checked.reason } };
    files.push({ ...file, url: checked.url });
  }
  return { ok: true, task: { request, fields: { ...(task.body.multipart.fields ?? {}) }, files } };
}

function prepareCopy(
  task: PluginTask,
  body: CopyBody,
  server: { origin: string },
  extraVintedOrigins: readonly string[],
): { ok: true; task: PreparedTask } | { ok: false; error: TaskError } {
  const from = checkImageUrl(task.url, extraVintedOrigins);
  if (!from.ok) return { ok: false, error: { code: REFUSED, message: from.reason } };
  if (task.method.toUpperCase() !== 'GET') {
    return { ok: false, error: { code: REFUSED, message: 'a photo copy downloads with GET only' } };
  }
  const to = typeof body.copy?.to === 'string' ? checkMediaUrl(body.copy.to, server.origin) : null;
  if (!to?.ok) {
    return { ok: false, error: { code: REFUSED, message: to?.reason ?? 'a photo copy needs an upload URL' } };
  }
  const field = typeof body.copy.field === 'string' && body.copy.field ? body.copy.field : 'file';
  const filename = typeof body.copy.filename === 'string' && body.copy.filename ? body.copy.filename : 'photo.jpg';
  return {
    ok: true,
    task: {
      request: { url: from.url, method: 'GET', headers: {}, timeoutMs: task.timeoutMs },
      copy: { to: to.url, field, filename },
    },
  };
}

/** The result posted back: Vinted's status and JSON body, or the first 2 KB of anything else. */
export function resultOf(attempt: number, response: PageResponse): TaskResult {
  if (response.kind === 'error') {
    return { attempt, ok: false, status: 0, error: { code: response.code, message: response.message } };
  }
  const { status, contentType, retryAfter, text } = response;
  const body = /json/i.test(contentType) ? parseJson(text) : text.slice(0, HTML_KEEP);
  const ok = status >= 200 && status < 300;
  const result: TaskResult = { attempt, ok, status, body };
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  // The backend cannot see Vinted's headers: the one that changes what it does travels in the error.
  if (!ok && Number.isInteger(seconds) && seconds >= 0) {
    result.error = { code: `HTTP_${status}`, message: `Vinted answered ${status}`, retryAfterSeconds: seconds };
  }
  return result;
}

export function refusedResult(attempt: number, error: TaskError): TaskResult {
  return { attempt, ok: false, status: 0, error };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, HTML_KEEP);
  }
}

/** Bytes to base64 in chunks: one String.fromCharCode over megabytes overflows the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The Vinted user a `users/current` answer names, when it names one. */
export function vintedUserOf(response: PageResponse): { userId: number; login: string } | null {
  if (response.kind !== 'answer' || response.status !== 200 || !/json/i.test(response.contentType)) return null;
  const user = (parseJson(response.text) as { user?: { id?: unknown; login?: unknown } } | null)?.user;
  if (typeof user?.id !== 'number' || !Number.isSafeInteger(user.id) || user.id < 1) return null;
  return { userId: user.id, login: typeof user.login === 'string' ? user.login.slice(0, 100) : '' };
}
