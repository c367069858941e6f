/**
 * The background: long-polls the paired StoFlow server for tasks while a logged-in Vinted tab is open, runs each
 * task inside that tab's page, posts the result back, and sends a heartbeat with what it sees of Vinted.
 *
 * The browser may stop this worker whenever it is idle (Chromium after 30 s) and start it again for the next
 * event, so every piece of state is in extension storage and an alarm wakes the loop up again. A Web Lock keeps
 * one loop per browser profile: a second wake-up finds the lock taken and leaves.
 */
import { ApiError, exchangeCode, heartbeat, poll, postResult, tokenUserId } from './api';
import { backoffDelay, retryAfterMs } from './backoff';
import { DEFAULT_SERVER, TEST_VINTED_ORIGINS, VERSION } from './config';
import { isVintedOrigin, matchPatterns, originOf, serverOrigin, VINTED_ORIGINS } from './hosts';
import { log } from './log';
import type { PairAnswer, PopupRequest, Status } from './messages';
import { runInPage } from './page';
import { load, LoopState, Pairing, PendingResult, save, unpair, update, VintedSeen } from './storage';
import {
  PageRequest,
  PageResponse,
  PluginTask,
  prepareTask,
  PreparedTask,
  refusedResult,
  resultOf,
  TaskResult,
  toBase64,
  vintedUserOf,
} from './task';

const TICK_ALARM = 'stoflow-tick';
const LOOP_LOCK = 'stoflow-poll-loop';
const RESULTS_LOCK = 'stoflow-results';
const HEARTBEAT_EVERY_MS = 60_000;
/** The backend's lease is the task's timeout plus this grace (PluginSettings.leaseGraceMs), minus a margin. */
const LEASE_GRACE_MS = 8_000;
/** Longer waits are left to the alarm: a worker that sleeps without events is stopped by the browser. */
const LONGEST_SLEEP_MS = 20_000;
const VINTED_PATTERNS = matchPatterns([...VINTED_ORIGINS, ...TEST_VINTED_ORIGINS]);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The poll in flight, so that a logout in the tab or an unpairing ends it at once rather than letting it claim a
 * task up to 25 s later. Only a handle: losing it with the worker loses nothing, the poll dies with the worker too.
 */
let inFlightPoll: AbortController | null = null;

// ---- wake-ups --------------------------------------------------------------------------------------------------

chrome.runtime.onInstalled.addListener(() => void wake('installed'));
chrome.runtime.onStartup.addListener(() => void wake('startup'));
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === TICK_ALARM) void wake('alarm');
});
chrome.tabs.onUpdated.addListener((_tabId, change, tab) => {
  if (change.status === 'complete' && isVintedOrigin(originOf(tab.url ?? ''), TEST_VINTED_ORIGINS)) {
    void wake('vinted tab loaded', true);
  }
});
chrome.tabs.onRemoved.addListener((tabId) => {
  void load('vinted').then((seen) => (seen?.tabId === tabId ? wake('vinted tab closed', true) : undefined));
});
chrome.runtime.onMessage.addListener((request: PopupRequest, sender, reply) => {
  // Only the extension's own pages (the popup, also when opened in a tab) may pair or unpair, and in test builds
  // the test bridge on the fake Vinted page (TEST_VINTED_ORIGINS is empty in a release build).
  const fromPopup = sender.url?.startsWith(chrome.runtime.getURL('')) ?? false;
  const fromTestBridge =
    isVintedOrigin(originOf(sender.url ?? ''), TEST_VINTED_ORIGINS) && TEST_VINTED_ORIGINS.length > 0;
  if (sender.id !== chrome.runtime.id || !(fromPopup || fromTestBridge)) return false;
  void answer(request).then(reply, (error: unknown) => reply({ ok: false, message: String(error) }));
  return true;
});

// Every start of the worker (any event) resumes the loop where storage says it was.
void wake('worker started');

async function wake(reason: string, vintedChanged = false): Promise<void> {
  try {
    if (!(await chrome.alarms.get(TICK_ALARM))) await chrome.alarms.create(TICK_ALARM, { periodInMinutes: 0.5 });
    const pairing = await load('pairing');
    if (!pairing) return;
    const seen = await load('vinted');
    if (vintedChanged || !seen || Date.now() - seen.checkedAt >= HEARTBEAT_EVERY_MS) await lookAtVinted();
    await sendHeartbeat();
    void flushResults();
    void runLoop();
  } catch (error) {
    log.error(`wake-up (${reason}) failed`, error);
  }
}

// ---- Vinted tab ------------------------------------------------------------------------------------------------

/** Finds the Vinted tab to work in and who is logged in there, from the page itself. */
async function lookAtVinted(): Promise<VintedSeen> {
  const tabs = (await chrome.tabs.query({ url: VINTED_PATTERNS })).filter(
    (tab) =>
      tab.id !== undefined && tab.status === 'complete' && isVintedOrigin(originOf(tab.url ?? ''), TEST_VINTED_ORIGINS),
  );
  // The tab the user looked at last is the one whose session is current.
  tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  let seen: VintedSeen = {
    tabId: null,
    origin: null,
    loggedIn: false,
    userId: null,
    login: null,
    checkedAt: Date.now(),
  };
  for (const tab of tabs) {
    const origin = originOf(tab.url ?? '')!;
    const response = await inPage(tab.id!, {
      url: `${origin}/api/v2/users/current`,
      method: 'GET',
      headers: {},
      timeoutMs: 10_000,
    });
    const user = vintedUserOf(response);
    seen = {
      tabId: tab.id!,
      origin,
      loggedIn: user !== null,
      userId: user?.userId ?? null,
      login: user?.login ?? null,
      checkedAt: Date.now(),
    };
    if (user) break;
  }
  await save('vinted', seen);
  if (!seen.loggedIn) inFlightPoll?.abort();
  return seen;
}

async function inPage(tabId: number, request: PageRequest): Promise<PageResponse> {
  try {
    const [injected] = await chrome.scripting.executeScript({
      target: { tabId },
      world: 'MAIN',
      func: runInPage,
      args: [request],
    });
    const result = injected?.result as PageResponse | undefined;
    return result ?? { kind: 'error', code: 'TAB_UNAVAILABLE', message: 'The Vinted tab gave no answer' };
  } catch (error) {
    return { kind: 'error', code: 'TAB_UNAVAILABLE', message: error instanceof Error ? error.message : String(error) };
  }
}

// ---- heartbeat -------------------------------------------------------------------------------------------------

/** Every minute, and at once when what the extension sees of Vinted changed (the backend pauses or resumes). */
async function sendHeartbeat(): Promise<void> {
  const pairing = await load('pairing');
  if (!pairing) return;
  const seen = await load('vinted');
  const vinted =
    seen?.loggedIn && seen.userId !== null
      ? { loggedIn: true, userId: seen.userId, ...(seen.login ? { login: seen.login } : {}) }
      : { loggedIn: false };
  const sent = JSON.stringify(vinted);
  const last = await load('heartbeat');
  if (last && last.sent === sent && Date.now() - last.at < HEARTBEAT_EVERY_MS - 5_000) return;
  try {
    const status = await heartbeat(pairing.server, pairing.token, { version: VERSION, vinted });
    if (status === 401) return revoked(pairing);
    if (status === 200) await save('heartbeat', { at: Date.now(), sent });
  } catch (error) {
    log.warn('heartbeat failed', error);
  }
}

async function revoked(pairing: Pairing): Promise<void> {
  const current = await load('pairing');
  // A poll that started before a new pairing must not undo it.
  if (current?.token !== pairing.token) return;
  log.warn('the server refused the plugin token: unpaired');
  await unpair('The server no longer accepts this extension (revoked from the dashboard?). Pair it again.');
}

// ---- the loop --------------------------------------------------------------------------------------------------

async function runLoop(): Promise<void> {
  await navigator.locks.request(LOOP_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return;
    for (;;) {
      const pairing = await load('pairing');
      const seen = await load('vinted');
      if (!pairing || !seen?.loggedIn || seen.tabId === null) return;
      const state = await load('loop');
      const wait = state.notBefore - Date.now();
      if (wait > LONGEST_SLEEP_MS) return;
      if (wait > 0) {
        await sleep(wait);
        continue;
      }
      let outcome: Awaited<ReturnType<typeof poll>>;
      inFlightPoll = new AbortController();
      try {
        outcome = await poll(pairing.server, pairing.token, inFlightPoll.signal);
      } catch (error) {
        if (inFlightPoll.signal.aborted) continue;
        await failed(state, 'network error', null);
        log.warn('poll failed', error);
        continue;
      }
      if (outcome.kind === 'revoked') return revoked(pairing);
      if (outcome.kind === 'retry') {
        await failed(state, outcome.status, retryAfterMs(outcome.retryAfter));
        continue;
      }
      await save('loop', { failures: 0, notBefore: 0, lastPollAt: Date.now(), lastStatus: 'ok' });
      if (outcome.kind === 'tasks') {
        for (const task of outcome.tasks) await runTask(pairing, task);
      }
    }
  });
}

async function failed(state: LoopState, status: string, serverWaitMs: number | null): Promise<void> {
  const failures = state.failures + 1;
  const delay = Math.max(backoffDelay(failures), serverWaitMs ?? 0);
  await save('loop', { failures, notBefore: Date.now() + delay, lastPollAt: Date.now(), lastStatus: status });
}

async function runTask(pairing: Pairing, task: PluginTask): Promise<void> {
  const until = Date.now() + task.timeoutMs + LEASE_GRACE_MS;
  const result = await execute(pairing, task);
  await update('pendingResults', (list) => [
    ...list.filter((p) => p.taskId !== task.id),
    { server: pairing.server, taskId: task.id, result, until },
  ]);
  await flushResults();
}

async function execute(pairing: Pairing, task: PluginTask): Promise<TaskResult> {
  const seen = await load('vinted');
  if (!seen?.origin || seen.tabId === null) {
    return refusedResult(task.attempt, { code: 'TAB_UNAVAILABLE', message: 'No Vinted tab is open' });
  }
  const prepared = prepareTask(task, { origin: seen.origin }, { origin: pairing.server }, TEST_VINTED_ORIGINS);
  if (!prepared.ok) {
    log.warn(`task ${task.id} refused: ${prepared.error.message}`);
    return refusedResult(task.attempt, prepared.error);
  }
  if (prepared.task.copy) return copyPhoto(task.attempt, prepared.task.request, prepared.task.copy);
  let request: PageRequest;
  try {
    request = await withPhotos(prepared.task);
  } catch (error) {
    return refusedResult(task.attempt, {
      code: 'PHOTO_DOWNLOAD_FAILED',
      message: error instanceof Error ? error.message : String(error),
    });
  }
  const response = await inPage(seen.tabId, request);
  if (response.kind === 'error' && response.code === 'TAB_UNAVAILABLE') void wake('vinted tab lost', true);
  return resultOf(task.attempt, response);
}

/**
 * Copies a photo from Vinted's CDN to StoFlow (an import): downloaded here, without the Vinted session, and posted
 * to the signed upload URL. The result carries StoFlow's answer.
 */
async function copyPhoto(
  attempt: number,
  request: PreparedTask['request'],
  copy: NonNullable<PreparedTask['copy']>,
): Promise<TaskResult> {
  let image: Blob;
  try {
    // No redirect: a checked URL must not be able to send the download to another host.
    const res = await fetch(request.url, {
      redirect: 'error',
      credentials: 'omit',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    if (!res.ok) {
      return refusedResult(attempt, { code: 'PHOTO_DOWNLOAD_FAILED', message: `the photo answered ${res.status}` });
    }
    image = await res.blob();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return refusedResult(attempt, { code: 'PHOTO_DOWNLOAD_FAILED', message });
  }
  try {
    const form = new FormData();
    form.append(copy.field, image, copy.filename);
    const res = await fetch(copy.to, {
      method: 'POST',
      body: form,
      redirect: 'error',
      credentials: 'omit',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    return resultOf(attempt, {
      kind: 'answer',
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      retryAfter: res.headers.get('retry-after'),
      text: await res.text(),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return resultOf(attempt, { kind: 'error', code: 'NETWORK_ERROR', message });
  }
}

/** Downloads the photos of an upload from their signed URLs (checked to be on the paired server). */
async function withPhotos(task: PreparedTask): Promise<PageRequest> {
  if (!task.files) return task.request;
  const files = [];
  for (const file of task.files) {
    // No redirect: a checked URL must not be able to send the download to another host.
    const res = await fetch(file.url, { redirect: 'error', credentials: 'omit', signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`downloading ${file.filename} answered ${res.status}`);
    const base64 = toBase64(new Uint8Array(await res.arrayBuffer()));
    files.push({ field: file.field, filename: file.filename, contentType: file.contentType, base64 });
  }
  return { ...task.request, multipart: { fields: task.fields ?? {}, files } };
}

/** Posts the results not yet delivered; a result whose lease has passed is dropped (the backend reconciles). */
async function flushResults(): Promise<void> {
  await navigator.locks.request(RESULTS_LOCK, async () => {
    for (const pending of await load('pendingResults')) {
      await deliver(pending);
      await update('pendingResults', (list) => list.filter((p) => p.taskId !== pending.taskId));
    }
  });
}

async function deliver(pending: PendingResult): Promise<void> {
  for (let tries = 1; ; tries += 1) {
    const pairing = await load('pairing');
    if (!pairing || pairing.server !== pending.server) return;
    try {
      const status = await postResult(pairing.server, pairing.token, pending.taskId, pending.result);
      if (status === 401) await revoked(pairing);
      else if (status !== 200) log.warn(`the result of task ${pending.taskId} was not taken (${status})`);
      return;
    } catch (error) {
      const delay = backoffDelay(tries, { baseMs: 500, maxMs: 5_000 });
      if (Date.now() + delay > pending.until) {
        log.warn(`dropping the result of task ${pending.taskId}: its lease has passed`, error);
        return;
      }
      await sleep(delay);
    }
  }
}

// ---- popup -----------------------------------------------------------------------------------------------------

async function answer(request: PopupRequest): Promise<Status | PairAnswer> {
  if (request.type === 'status') return status();
  if (request.type === 'unpair') {
    await unpair(null);
    inFlightPoll?.abort();
    return { ok: true };
  }
  const server = serverOrigin(request.server);
  if (!server) return { ok: false, message: 'The server URL must be https:// (or http:// on this computer).' };
  const code = request.code.trim();
  if (!code) return { ok: false, message: 'Enter the pairing code shown by the dashboard.' };
  try {
    const name = request.name.trim().slice(0, 100) || 'Browser';
    const token = await exchangeCode(server, code, name);
    await unpair(null);
    await save('pairing', { server, token, deviceName: name, userId: tokenUserId(token), pairedAt: Date.now() });
    void wake('paired', true);
    return { ok: true };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, message: error.message };
    return { ok: false, message: `Could not reach ${server}.` };
  }
}

async function status(): Promise<Status> {
  const pairing = await load('pairing');
  return {
    version: VERSION,
    defaultServer: DEFAULT_SERVER,
    paired: pairing && {
      server: pairing.server,
      deviceName: pairing.deviceName,
      userId: pairing.userId,
      pairedAt: pairing.pairedAt,
    },
    unpairedReason: await load('unpairedReason'),
    vinted: await load('vinted'),
    loop: await load('loop'),
  };
}
