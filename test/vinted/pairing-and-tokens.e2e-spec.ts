import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer, PASSWORD, register } from '../helpers/auth';
import { sql } from '../helpers/tenants';
import { FakeExtension } from '../fakes/extension/extension';
import { listeningApi, pairedUser, settings, sleep } from './plugin-helpers';

describe('plugin pairing, devices and token separation', () => {
  let app: NestFastifyApplication;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await listeningApi());
  });
  afterAll(() => app.close());

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, token?: string, payload?: object) =>
    app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });

  it('trades a one-use, 10-minute pairing code for a plugin token', async () => {
    const user = await register(app);
    const created = await inject('POST', '/api/plugin/pairing-codes', user.accessToken);
    expect(created.statusCode).toBe(201);
    const { code, expiresAt } = created.json<{ code: string; expiresAt: string }>();
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const ttl = Date.parse(expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);

    // Typed in lower case without the dash: still the same code.
    const typed = code.toLowerCase().replace('-', '');
    const first = await inject('POST', '/api/plugin/tokens', undefined, { code: typed, name: 'Chrome' });
    expect(first.statusCode).toBe(201);
    expect(first.json().pluginToken).toEqual(expect.any(String));
    const again = await inject('POST', '/api/plugin/tokens', undefined, { code, name: 'Chrome' });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired or unknown code, and a malformed body', async () => {
    const user = await register(app);
    settings(app).pairingCodeTtlMs = -1;
    try {
      const { code } = (await inject('POST', '/api/plugin/pairing-codes', user.accessToken)).json<{ code: string }>();
      expect((await inject('POST', '/api/plugin/tokens', undefined, { code, name: 'x' })).statusCode).toBe(401);
    } finally {
      settings(app).pairingCodeTtlMs = 10 * 60_000;
    }
    expect((await inject('POST', '/api/plugin/tokens', undefined, { code: 'AAAAA-AAAAA', name: 'x' })).statusCode).toBe(
      401,
    );
    const bad = await inject('POST', '/api/plugin/tokens', undefined, { code: 'AAAAA-AAAAA', name: '', extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('lists devices and revokes one: its token stops working at once', async () => {
    const user = await pairedUser(app, base);
    const other = await FakeExtension.pair({ api: base }, user.accessToken, 'Firefox');
    const list = await inject('GET', '/api/plugin/devices', user.accessToken);
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: { id: string; name: string }[] }>().items;
    expect(items.map((d) => d.name)).toEqual(['Simulated Chrome', 'Firefox']);

    expect(await user.ext.heartbeat({ loggedIn: true })).toBe(200);
    const revoked = await inject('DELETE', `/api/plugin/devices/${items[0].id}`, user.accessToken);
    expect(revoked.statusCode).toBe(204);
    expect(await user.ext.heartbeat({ loggedIn: true })).toBe(401);
    expect((await user.ext.poll(0)).status).toBe(401);
    expect(await other.heartbeat({ loggedIn: true })).toBe(200);
    expect((await inject('DELETE', `/api/plugin/devices/${items[0].id}`, user.accessToken)).statusCode).toBe(404);
    const after = (await inject('GET', '/api/plugin/devices', user.accessToken)).json<{ items: unknown[] }>();
    expect(after.items).toHaveLength(1);
  });

  it('refuses a plugin token once it has expired, although it worked (and was remembered as verified) before', async () => {
    const user = await register(app);
    settings(app).pluginTokenTtlSeconds = 2;
    let ext: FakeExtension;
    try {
      ext = await FakeExtension.pair({ api: base }, user.accessToken);
    } finally {
      settings(app).pluginTokenTtlSeconds = 365 * 24 * 3600;
    }
    const { exp } = JSON.parse(Buffer.from(ext.token.split('.')[1], 'base64url').toString()) as { exp: number };
    expect(await ext.heartbeat({ loggedIn: true })).toBe(200);
    expect((await ext.poll(0)).status).toBe(204);
    await sleep(exp * 1000 - Date.now() + 50);
    expect(await ext.heartbeat({ loggedIn: true })).toBe(401);
    expect((await ext.poll(0)).status).toBe(401);
  });

  it("refuses a disabled user's extension on every plugin route, the long-poll included", async () => {
    const user = await pairedUser(app, base);
    expect((await user.ext.poll(0)).status).toBe(204);
    await sql(app).execute('update public.users set disabled_at = now() where id = ?', [user.id]);
    expect((await user.ext.poll(0)).status).toBe(401);
    expect(await user.ext.heartbeat({ loggedIn: true })).toBe(401);
  });

  it("refuses an erased user's extension with 401, the one-round-trip claim included (pacing off)", async () => {
    const user = await pairedUser(app, base);
    expect((await user.ext.poll(0)).status).toBe(204);
    const erased = await app.inject({
      method: 'DELETE',
      url: '/api/auth/me',
      headers: bearer(user.accessToken),
      payload: { password: PASSWORD },
    });
    expect(erased.statusCode).toBe(204);
    expect((await user.ext.poll(0)).status).toBe(401);
    expect(await user.ext.heartbeat({ loggedIn: true })).toBe(401);
  });

  it("ends a revoked device's waiting long-poll with 401", async () => {
    const user = await pairedUser(app, base);
    const [device] = (await inject('GET', '/api/plugin/devices', user.accessToken)).json<{ items: { id: string }[] }>()
      .items;
    const started = Date.now();
    const poll = user.ext.poll(20);
    await new Promise((r) => setTimeout(r, 200));
    await inject('DELETE', `/api/plugin/devices/${device.id}`, user.accessToken);
    expect((await poll).status).toBe(401);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("another user cannot see or revoke someone's devices", async () => {
    const a = await pairedUser(app, base);
    const b = await register(app);
    const [device] = (await inject('GET', '/api/plugin/devices', a.accessToken)).json<{ items: { id: string }[] }>()
      .items;
    expect((await inject('GET', '/api/plugin/devices', b.accessToken)).json().items).toEqual([]);
    expect((await inject('DELETE', `/api/plugin/devices/${device.id}`, b.accessToken)).statusCode).toBe(404);
    expect(await a.ext.heartbeat({ loggedIn: false })).toBe(200);
  });

  it('keeps token types apart: plugin tokens only on plugin routes, user tokens never there', async () => {
    const user = await pairedUser(app, base);
    const plugin = user.ext.token;
    // A plugin token is refused by the global guard everywhere else, including the user's plugin routes.
    for (const [method, url] of [
      ['GET', '/api/auth/me'],
      ['GET', '/api/vinted/connection'],
      ['GET', '/api/plugin/devices'],
      ['POST', '/api/plugin/pairing-codes'],
    ] as const) {
      const res = await inject(method, url, plugin);
      expect({ url, status: res.statusCode, code: res.json().error?.code }).toEqual({
        url,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
    // User access and refresh tokens are refused on the extension's routes.
    for (const token of [user.accessToken, user.refreshToken]) {
      for (const [method, url, payload] of [
        ['GET', '/api/plugin/tasks?wait=0', undefined],
        ['POST', '/api/plugin/heartbeat', { version: '1', vinted: { loggedIn: true } }],
        [
          'POST',
          '/api/plugin/tasks/00000000-0000-4000-8000-000000000000/result',
          { attempt: 1, ok: true, status: 200 },
        ],
      ] as const) {
        const res = await inject(method, url, token, payload);
        expect({ url, status: res.statusCode }).toEqual({ url, status: 401 });
      }
    }
    expect((await inject('GET', '/api/plugin/tasks?wait=0', plugin)).statusCode).toBe(204);
  });

  it('records heartbeats and shows the connection to the user', async () => {
    const user = await register(app);
    const empty = await inject('GET', '/api/vinted/connection', user.accessToken);
    expect(empty.json()).toEqual({
      paired: false,
      extension: null,
      vinted: { loggedIn: false, userId: null, login: null },
      queue: { paused: false, reason: null, message: null, pausedAt: null, backoffUntil: null },
    });

    const ext = await FakeExtension.pair({ api: base, version: '1.4.2' }, user.accessToken, 'Chrome');
    const before = Date.now();
    expect(await ext.heartbeat({ loggedIn: true, userId: 123456789, login: 'closet_of_ana' })).toBe(200);
    const res = await inject('GET', '/api/vinted/connection', user.accessToken);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      paired: true,
      extension: { name: 'Chrome', version: '1.4.2' },
      vinted: { loggedIn: true, userId: 123456789, login: 'closet_of_ana' },
    });
    expect(Date.parse(body.extension.lastSeenAt)).toBeGreaterThanOrEqual(before - 1000);

    const bad = await app.inject({
      method: 'POST',
      url: '/api/plugin/heartbeat',
      headers: bearer(ext.token),
      payload: { version: '1', vinted: { loggedIn: 'yes' } },
    });
    expect(bad.statusCode).toBe(400);
    // The login is shown back to the user: plain text only, nothing stored otherwise.
    expect(await ext.heartbeat({ loggedIn: true, userId: 123456789, login: '<img src=x onerror=alert(1)>' })).toBe(400);
    const after = await inject('GET', '/api/vinted/connection', user.accessToken);
    expect(after.json().vinted.login).toBe('closet_of_ana');
  });
});
