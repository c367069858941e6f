import { HTML_KEEP, prepareTask, PluginTask, REFUSED, resultOf, toBase64, vintedUserOf } from './task';

const tab = { origin: 'https://www.vinted.fr' };
const server = { origin: 'https://api.stoflow.example' };

function task(extra: Partial<PluginTask> = {}): PluginTask {
  return {
    id: 't1',
    attempt: 2,
    method: 'post',
    url: '/api/v2/item_upload/items',
    headers: {},
    body: null,
    timeoutMs: 30_000,
    ...extra,
  };
}

describe('task execution helpers', () => {
  it('prepares a photo copy: a GET on Vinted’s image CDN, posted to a signed upload URL on the paired server', () => {
    const copy = task({
      method: 'GET',
      url: 'https://images1.vinted.net/t/abc/f800/1.jpeg',
      body: { copy: { to: '/media/uploads/tok', field: 'file', filename: 'vinted-1.jpg' } },
    });
    expect(prepareTask(copy, tab, server)).toEqual({
      ok: true,
      task: {
        request: { url: 'https://images1.vinted.net/t/abc/f800/1.jpeg', method: 'GET', headers: {}, timeoutMs: 30_000 },
        copy: { to: 'https://api.stoflow.example/media/uploads/tok', field: 'file', filename: 'vinted-1.jpg' },
      },
    });
  });

  it('refuses a photo copy from anywhere but Vinted’s CDN, or to anywhere but the paired server', () => {
    const body = { copy: { to: '/media/uploads/tok' } };
    for (const url of ['https://evil.example/1.jpeg', 'http://images1.vinted.net/1.jpeg', '/api/v2/photos']) {
      const prepared = prepareTask(task({ method: 'GET', url, body }), tab, server);
      expect(prepared).toMatchObject({ ok: false, error: { code: REFUSED } });
    }
    const elsewhere = { copy: { to: 'https://evil.example/upload' } };
    const url = 'https://images1.vinted.net/t/abc/f800/1.jpeg';
    expect(prepareTask(task({ method: 'GET', url, body: elsewhere }), tab, server)).toMatchObject({
      ok: false,
      error: { code: REFUSED },
    });
    expect(prepareTask(task({ method: 'POST', url, body }), tab, server)).toMatchObject({ ok: false });
  });

  it('prepares a JSON call on the tab origin, dropping headers the browser owns', () => {
    const prepared = prepareTask(
      task({
        headers: { 'X-Upload-Form': 'true', Cookie: 'a=b', Origin: 'https://evil.example' },
        body: { item: { title: 'Tee' } },
      }),
      tab,
      server,
    );
    expect(prepared).toEqual({
      ok: true,
      task: {
        request: {
          url: 'https://www.vinted.fr/api/v2/item_upload/items',
          method: 'POST',
          headers: { 'x-upload-form': 'true' },
          timeoutMs: 30_000,
          json: '{"item":{"title":"Tee"}}',
        },
      },
    });
  });

  it('prepares a photo upload whose files come from the paired server', () => {
    const body = {
      multipart: {
        fields: { 'photo[type]': 'item', 'photo[temp_uuid]': 'u-1' },
        files: [{ field: 'photo[file]', url: '/media/signed', filename: '1.jpg', contentType: 'image/jpeg' }],
      },
    };
    const prepared = prepareTask(task({ url: '/api/v2/photos', body }), tab, server);
    expect(prepared).toMatchObject({
      ok: true,
      task: {
        fields: body.multipart.fields,
        files: [{ field: 'photo[file]', url: 'https://api.stoflow.example/media/signed', filename: '1.jpg' }],
      },
    });
  });

  it('refuses a task that leaves the Vinted tab, or whose photo is on another host', () => {
    expect(prepareTask(task({ url: '//evil.example/x' }), tab, server)).toMatchObject({
      ok: false,
      error: { code: REFUSED },
    });
    const foreignPhoto = {
      multipart: {
        files: [
          { field: 'photo[file]', url: 'https://evil.example/1.jpg', filename: '1.jpg', contentType: 'image/jpeg' },
        ],
      },
    };
    const refused = prepareTask(task({ url: '/api/v2/photos', body: foreignPhoto }), tab, server);
    expect(refused).toMatchObject({ ok: false, error: { code: REFUSED } });
    expect(!refused.ok && refused.error.message).toContain('https://evil.example');
  });

  it("posts Vinted's JSON back, the first 2 KB of HTML, and Retry-After in the error", () => {
    expect(
      resultOf(2, {
        kind: 'answer',
        status: 200,
        contentType: 'application/json; charset=utf-8',
        retryAfter: null,
        text: '{"item":{"id":5}}',
      }),
    ).toEqual({ attempt: 2, ok: true, status: 200, body: { item: { id: 5 } } });

    const html = `<html>${'captcha-delivery '.repeat(400)}</html>`;
    const captcha = resultOf(1, {
      kind: 'answer',
      status: 403,
      contentType: 'text/html',
      retryAfter: null,
      text: html,
    });
    expect(captcha).toEqual({ attempt: 1, ok: false, status: 403, body: html.slice(0, HTML_KEEP) });

    expect(
      resultOf(1, { kind: 'answer', status: 429, contentType: 'application/json', retryAfter: '120', text: '{}' }),
    ).toEqual({
      attempt: 1,
      ok: false,
      status: 429,
      body: {},
      error: { code: 'HTTP_429', message: 'Vinted answered 429', retryAfterSeconds: 120 },
    });

    expect(resultOf(3, { kind: 'error', code: 'TIMEOUT', message: 'signal timed out' })).toEqual({
      attempt: 3,
      ok: false,
      status: 0,
      error: { code: 'TIMEOUT', message: 'signal timed out' },
    });
  });

  it('reads the logged-in Vinted user from users/current, and nobody from anything else', () => {
    const answer = (status: number, text: string) => ({
      kind: 'answer' as const,
      status,
      contentType: 'application/json',
      retryAfter: null,
      text,
    });
    expect(vintedUserOf(answer(200, '{"user":{"id":48000001,"login":"marie"}}'))).toEqual({
      userId: 48000001,
      login: 'marie',
    });
    expect(vintedUserOf(answer(401, '{"code":100}'))).toBeNull();
    expect(vintedUserOf(answer(200, '{"user":{"id":"48000001"}}'))).toBeNull();
    expect(vintedUserOf({ kind: 'error', code: 'TAB_UNAVAILABLE', message: 'gone' })).toBeNull();
  });

  it('encodes large photos to base64 without overflowing the stack', () => {
    const bytes = new Uint8Array(300_000).map((_, i) => i % 256);
    const decoded = Uint8Array.from(atob(toBase64(bytes)), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(bytes);
  });
});
