/**
 * A browser-extension simulator: pairs with a pairing code, long-polls `/api/plugin/tasks` over real HTTP, runs
 * each task against a Vinted base URL (the fake Vinted, or any loopback server), and posts results back the
 * way the real extension does (Vinted's status and JSON body, or the first 2 KB of an HTML answer).
 */
export interface PluginTask {
  id: string;
  attempt: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
}

export interface PostedResult {
  attempt: number;
  ok: boolean;
  status: number;
  body?: unknown;
  error?: { code: string; message: string; retryAfterSeconds?: number };
}

export interface ExtensionOptions {
  /** The StoFlow API origin, e.g. http://127.0.0.1:4000 */
  api: string;
  /** The Vinted origin the tasks' relative URLs resolve against. */
  vinted?: string;
  /** Extra headers the real extension adds from the tab (cookies, CSRF). */
  sessionHeaders?: Record<string, string>;
  version?: string;
}

interface Multipart {
  multipart: {
    fields?: Record<string, string>;
    files?: { field: string; url: string; filename: string; contentType: string }[];
  };
}

export class FakeExtension {
  /** Every task received, with the time it arrived (ms, performance.now()). */
  readonly received: { task: PluginTask; at: number }[] = [];
  private running?: AbortController;
  private loop?: Promise<void>;

  constructor(
    readonly options: ExtensionOptions,
    readonly token: string,
  ) {}

  /** Creates a pairing code with the user's access token and trades it for a plugin token, like the popup. */
  static async pair(options: ExtensionOptions, accessToken: string, name = 'Simulated Chrome'): Promise<FakeExtension> {
    const codeRes = await fetch(`${options.api}/api/plugin/pairing-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (codeRes.status !== 201) throw new Error(`pairing-codes answered ${codeRes.status}: ${await codeRes.text()}`);
    const { code } = (await codeRes.json()) as { code: string };
    const tokenRes = await fetch(`${options.api}/api/plugin/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name }),
    });
    if (tokenRes.status !== 201) throw new Error(`tokens answered ${tokenRes.status}: ${await tokenRes.text()}`);
    const { pluginToken } = (await tokenRes.json()) as { pluginToken: string };
    return new FakeExtension(options, pluginToken);
  }

  private headers(json = false): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, ...(json ? { 'content-type': 'application/json' } : {}) };
  }

  /** One long-poll: the tasks (200), or none (204). */
  async poll(wait = 25, max = 5, signal?: AbortSignal): Promise<{ status: number; tasks: PluginTask[] }> {
    const res = await fetch(`${this.options.api}/api/plugin/tasks?wait=${wait}&max=${max}`, {
      headers: this.headers(),
      signal,
    });
    if (res.status === 204) return { status: 204, tasks: [] };
    const body = (await res.json()) as { tasks?: PluginTask[] };
    const tasks = res.status === 200 ? (body.tasks ?? []) : [];
    const at = performance.now();
    for (const task of tasks) this.received.push({ task, at });
    return { status: res.status, tasks };
  }

  async postResult(taskId: string, result: PostedResult): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.options.api}/api/plugin/tasks/${taskId}/result`, {
      method: 'POST',
      headers: this.headers(true),
      body: JSON.stringify(result),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  async heartbeat(vinted: { loggedIn: boolean; userId?: number; login?: string }): Promise<number> {
    const res = await fetch(`${this.options.api}/api/plugin/heartbeat`, {
      method: 'POST',
      headers: this.headers(true),
      body: JSON.stringify({ version: this.options.version ?? '0.0.0-sim', vinted }),
    });
    return res.status;
  }

  /** Runs one task against the Vinted origin, as the real extension does from the page's context. */
  async execute(task: PluginTask): Promise<PostedResult> {
    if (!this.options.vinted) throw new Error('This simulator has no Vinted origin to run tasks against');
    if (isCopy(task.body)) return this.copy(task, task.body.copy);
    try {
      const res = await fetch(new URL(task.url, this.options.vinted), {
        method: task.method,
        headers: requestHeaders(task, this.options.sessionHeaders),
        body: await buildRequestBody(task.body, this.options.api),
        signal: AbortSignal.timeout(task.timeoutMs),
      });
      const text = await res.text();
      const json = /json/.test(res.headers.get('content-type') ?? '');
      // Vinted's Retry-After travels with the result: the backend cannot see the response headers otherwise.
      const retryAfter = Number(res.headers.get('retry-after') ?? NaN);
      return {
        attempt: task.attempt,
        ok: res.ok,
        status: res.status,
        body: json ? safeJson(text) : text.slice(0, 2048),
        ...(!res.ok && Number.isInteger(retryAfter)
          ? {
              error: {
                code: `HTTP_${res.status}`,
                message: `Vinted answered ${res.status}`,
                retryAfterSeconds: retryAfter,
              },
            }
          : {}),
      };
    } catch (error) {
      return {
        attempt: task.attempt,
        ok: false,
        status: 0,
        error: { code: 'NETWORK_ERROR', message: error instanceof Error ? error.message : String(error) },
      };
    }
  }

  /**
   * A photo copy: downloads the image from Vinted's CDN (mapped to the Vinted origin of this simulator, where the
   * fake serves it), without the session, then posts it as one multipart part to StoFlow's signed upload URL.
   * The result is StoFlow's answer.
   */
  private async copy(task: PluginTask, copy: Copy['copy']): Promise<PostedResult> {
    const failed = (code: string, message: string): PostedResult => ({
      attempt: task.attempt,
      ok: false,
      status: 0,
      error: { code, message },
    });
    let bytes: ArrayBuffer;
    let contentType: string;
    try {
      const from = new URL(task.url);
      const source = /(^|\.)vinted\.net$/.test(from.hostname) ? new URL(from.pathname, this.options.vinted) : from;
      const res = await fetch(source, { redirect: 'error', signal: AbortSignal.timeout(task.timeoutMs) });
      if (!res.ok) return failed('PHOTO_DOWNLOAD_FAILED', `downloading the photo answered ${res.status}`);
      bytes = await res.arrayBuffer();
      contentType = res.headers.get('content-type') ?? 'image/jpeg';
    } catch (error) {
      return failed('PHOTO_DOWNLOAD_FAILED', error instanceof Error ? error.message : String(error));
    }
    try {
      const form = new FormData();
      form.append(copy.field ?? 'file', new Blob([bytes], { type: contentType }), copy.filename ?? 'photo.jpg');
      const res = await fetch(new URL(copy.to, this.options.api), {
        method: 'POST',
        body: form,
        redirect: 'error',
        signal: AbortSignal.timeout(task.timeoutMs),
      });
      const text = await res.text();
      return { attempt: task.attempt, ok: res.ok, status: res.status, body: safeJson(text) };
    } catch (error) {
      return failed('NETWORK_ERROR', error instanceof Error ? error.message : String(error));
    }
  }

  /** Polls, executes and answers until stop(). */
  start(wait = 5, max = 5): void {
    const running = new AbortController();
    this.running = running;
    this.loop = (async () => {
      while (!running.signal.aborted) {
        try {
          const { status, tasks } = await this.poll(wait, max, running.signal);
          if (status === 401) return;
          for (const task of tasks) await this.postResult(task.id, await this.execute(task));
        } catch (error) {
          if (running.signal.aborted) return;
          await new Promise((r) => setTimeout(r, 50));
          void error;
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running?.abort();
    await this.loop;
  }
}

/**
 * The headers of a task's request: the task's, then the tab's session headers (cookies, CSRF). A JSON body is
 * declared as such; for a multipart body any content type is dropped, so that fetch writes it with its boundary.
 */
export function requestHeaders(
  task: Pick<PluginTask, 'headers' | 'body'>,
  sessionHeaders: Record<string, string> = {},
) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...task.headers, ...sessionHeaders })) {
    if (name.toLowerCase() !== 'content-type') headers[name] = value;
  }
  if (isJsonBody(task.body)) headers['content-type'] = 'application/json';
  return headers;
}

/**
 * A task's body as the extension sends it: JSON, or for `{multipart: {fields, files}}` a real multipart form
 * whose files are fetched first from their (signed StoFlow media) urls.
 */
export async function buildRequestBody(body: unknown, apiOrigin?: string): Promise<string | FormData | undefined> {
  if (body === null || body === undefined) return undefined;
  if (!isMultipart(body)) return JSON.stringify(body);
  const form = new FormData();
  for (const [name, value] of Object.entries(body.multipart.fields ?? {})) form.append(name, value);
  for (const file of body.multipart.files ?? []) {
    // Media URLs may be relative to the StoFlow API the extension is paired with.
    const res = await fetch(new URL(file.url, apiOrigin));
    // Uploading an error page as the photo would hide the real failure behind a Vinted validation error.
    if (!res.ok) throw new Error(`fetching ${file.filename} for the upload answered ${res.status}`);
    form.append(file.field, new Blob([await res.arrayBuffer()], { type: file.contentType }), file.filename);
  }
  return form;
}

interface Copy {
  copy: { to: string; field?: string; filename?: string };
}

function isCopy(body: unknown): body is Copy {
  return typeof body === 'object' && body !== null && 'copy' in body;
}

function isMultipart(body: unknown): body is Multipart {
  return typeof body === 'object' && body !== null && 'multipart' in body;
}

function isJsonBody(body: unknown): boolean {
  return body !== null && body !== undefined && !isMultipart(body) && !isCopy(body);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 2048);
  }
}
