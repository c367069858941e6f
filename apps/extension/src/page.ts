/**
 * Runs in the Vinted page's own world (scripting.executeScript with world MAIN), because Vinted's bot protection
 * refused the same fetches from an isolated content script (VINTED.md). The browser serialises this function's
 * source: it must not use anything from outside its own body, not even a type guard of another module.
 */
import type { PageRequest, PageResponse } from './task';

export async function runInPage(request: PageRequest): Promise<PageResponse> {
  const readCsrf = (html: string | null): string | null => {
    if (html === null) {
      const meta = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]');
      if (meta?.content) return meta.content;
      html = document.documentElement.innerHTML;
    }
    const fromMeta = /<meta[^>]+name="csrf-token"[^>]+content="([^"]+)"/.exec(html);
    if (fromMeta) return fromMeta[1];
    // Vinted's Next.js pages carry it in their serialised state, with or without escaped quotes.
    const fromState = /CSRF_TOKEN\\?"\s*:\s*\\?"([A-Za-z0-9_\-=.+/]+)/.exec(html);
    return fromState ? fromState[1] : null;
  };
  const anonId = /(?:^|;\s*)anon_id=([^;]+)/.exec(document.cookie)?.[1] ?? null;

  const send = async (csrf: string | null): Promise<Response> => {
    const headers = new Headers(request.headers);
    if (csrf && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrf);
    if (anonId && !headers.has('x-anon-id')) headers.set('x-anon-id', decodeURIComponent(anonId));
    let body: BodyInit | undefined;
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = request.json;
    } else if (request.multipart) {
      const form = new FormData();
      for (const [name, value] of Object.entries(request.multipart.fields)) form.append(name, value);
      for (const file of request.multipart.files) {
        const binary = atob(file.base64);
        const bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
        form.append(file.field, new Blob([bytes], { type: file.contentType }), file.filename);
      }
      // No content type: fetch writes multipart/form-data with its boundary.
      body = form;
    }
    return fetch(request.url, {
      method: request.method,
      headers,
      body,
      credentials: 'include',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  };

  try {
    let response = await send(readCsrf(null));
    if (response.status === 403 && /json/i.test(response.headers.get('content-type') ?? '')) {
      const text = await response.clone().text();
      // Code 106: the page's CSRF token went stale. A fresh copy of the page carries the current one; once only.
      if (/"code"\s*:\s*106\b/.test(text)) {
        const page = await fetch(location.href, { credentials: 'include', signal: AbortSignal.timeout(10_000) });
        const fresh = readCsrf(await page.text());
        if (fresh) response = await send(fresh);
      }
    }
    return {
      kind: 'answer',
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      retryAfter: response.headers.get('retry-after'),
      text: await response.text(),
    };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return {
      kind: 'error',
      code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
