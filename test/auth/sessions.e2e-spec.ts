import { CommandBus } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UpdateUserCommand } from '@stoflow/auth';
import { startApi, withEnv } from '../helpers/apps';
import { bearer, freshEmail, freshIp, login, me, PASSWORD, register, withSecondApi } from '../helpers/auth';
import { sql } from '../helpers/tenants';

const SECRET = process.env.JWT_SECRET!;
const OLD_SECRET = 'the-secret-before-the-rotation-0123456789';

describe('sessions: login, refresh, logout, token types and secret rotation', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi();
  });
  afterAll(() => app.close());

  const refresh = (refreshToken: string) =>
    app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
  const logout = (refreshToken: string) =>
    app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken } });

  it('logs in with the right password (any case of the email) and answers a Bearer pair', async () => {
    const user = await register(app);
    const res = await login(app, ` ${user.email.toUpperCase()}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 3600,
    });
    const claims = new JwtService().decode(res.json().accessToken);
    expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'jti', 'role', 'sid', 'sub', 'type']);
    expect(claims).toMatchObject({ sub: String(user.id), role: 'user', type: 'access' });
    expect(claims.exp - claims.iat).toBe(3600);
    const refreshClaims = new JwtService().decode(res.json().refreshToken);
    expect(refreshClaims.type).toBe('refresh');
    expect(refreshClaims.exp - refreshClaims.iat).toBe(7 * 24 * 3600);
  });

  it('answers the same 401, in about the same time, for an unknown email, a wrong password and a disabled account', async () => {
    const user = await register(app);
    const disabled = await register(app);
    await sql(app).execute('update public.users set disabled_at = now() where id = ?', [disabled.id]);
    const time = async (email: string, password: string) => {
      const started = process.hrtime.bigint();
      const res = await login(app, email, password);
      return { res, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const samples = { unknown: [] as number[], wrong: [] as number[] };
    const bodies = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const a = await time(freshEmail('nobody'), PASSWORD);
      const b = await time(user.email, 'wrong password, long enough');
      const c = await time(disabled.email, PASSWORD);
      for (const { res } of [a, b, c]) {
        expect(res.statusCode).toBe(401);
        const { code, message } = res.json().error;
        bodies.add(JSON.stringify({ code, message }));
      }
      samples.unknown.push(a.ms);
      samples.wrong.push(b.ms);
    }
    expect(bodies.size).toBe(1);
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const [u, w] = [median(samples.unknown), median(samples.wrong)];
    // Both paths pay one argon2id verification (~tens of ms); without the dummy hash the unknown one would be ~1 ms.
    expect(u).toBeGreaterThan(w * 0.5);
    expect(u).toBeLessThan(w * 2);
  });

  it('rate-limits logins per IP (across emails), counted in Redis', async () => {
    const ip = freshIp();
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await login(app, freshEmail('spray'), PASSWORD, ip)).statusCode);
    expect(codes.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(codes[30]).toBe(429);
    // A second API process shares the counters: the limit holds across processes.
    await withSecondApi(startApi, async (other) => {
      const res = await login(other, freshEmail('spray'), PASSWORD, ip);
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    });
  });

  it('rotates refresh tokens; reusing a spent one revokes the whole family, the newest included', async () => {
    const user = await register(app);
    const first = await refresh(user.refreshToken);
    expect(first.statusCode).toBe(200);
    const second = await refresh(first.json().refreshToken);
    expect(second.statusCode).toBe(200);
    expect((await me(app, second.json().accessToken)).statusCode).toBe(200);

    const reuse = await refresh(user.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('UNAUTHENTICATED');
    expect((await refresh(second.json().refreshToken)).statusCode).toBe(401);

    // Another login is another family, untouched.
    const other = await login(app, user.email);
    expect((await refresh(other.json().refreshToken)).statusCode).toBe(200);
    const [{ n }] = await sql(app).execute(
      'select count(*)::int as n from public.refresh_tokens where user_id = ? and jti_hash is not null and length(jti_hash) = 32',
      [user.id],
    );
    expect(n).toBeGreaterThan(0);
  });

  it('logout revokes the family (204) and the refresh token stops working', async () => {
    const user = await register(app);
    const rotated = (await refresh(user.refreshToken)).json().refreshToken;
    expect((await logout(rotated)).statusCode).toBe(204);
    expect((await refresh(rotated)).statusCode).toBe(401);
    expect((await logout('not.a.token')).statusCode).toBe(401);
    expect((await logout('garbage')).statusCode).toBe(400);
  });

  it("logout ends that session's access tokens at once, in every API process, and no other session", async () => {
    const user = await register(app);
    const other = (await login(app, user.email)).json();
    const rotated = (await refresh(user.refreshToken)).json();
    expect((await me(app, user.accessToken)).statusCode).toBe(200);
    await withSecondApi(startApi, async (second) => {
      expect((await me(second, rotated.accessToken)).statusCode).toBe(200);
      expect((await logout(rotated.refreshToken)).statusCode).toBe(204);
      for (const on of [app, second]) {
        // Both access tokens of the family (before and after the refresh) end with it.
        expect((await me(on, user.accessToken)).statusCode).toBe(401);
        expect((await me(on, rotated.accessToken)).statusCode).toBe(401);
        expect((await me(on, other.accessToken)).statusCode).toBe(200);
      }
    });
  });

  it("a reused refresh token ends its family's access tokens too", async () => {
    const user = await register(app);
    const rotated = (await refresh(user.refreshToken)).json();
    expect((await me(app, rotated.accessToken)).statusCode).toBe(200);
    expect((await refresh(user.refreshToken)).statusCode).toBe(401);
    expect((await me(app, rotated.accessToken)).statusCode).toBe(401);
  });

  it('checks the token type everywhere: a refresh or plugin token is no access token, and vice versa', async () => {
    const user = await register(app);
    expect((await me(app, user.refreshToken)).statusCode).toBe(401);
    const plugin = new JwtService().sign(
      { sub: String(user.id), role: 'user', type: 'plugin' },
      { secret: SECRET, expiresIn: 600, jwtid: 'p1' },
    );
    expect((await me(app, plugin)).statusCode).toBe(401);
    expect((await refresh(user.accessToken)).statusCode).toBe(401);
    expect((await logout(user.accessToken)).statusCode).toBe(401);
    const noType = new JwtService().sign(
      { sub: String(user.id), role: 'user' },
      { secret: SECRET, expiresIn: 600, jwtid: 'x' },
    );
    expect((await me(app, noType)).statusCode).toBe(401);
    const forged = new JwtService().sign(
      { sub: String(user.id), role: 'admin', type: 'access' },
      { secret: 'someone-else-s-secret-0123456789abcdef', expiresIn: 600, jwtid: 'f' },
    );
    expect((await me(app, forged)).statusCode).toBe(401);
    const expired = new JwtService().sign(
      { sub: String(user.id), role: 'user', type: 'access', exp: Math.floor(Date.now() / 1000) - 10 },
      { secret: SECRET, jwtid: 'e' },
    );
    expect((await me(app, expired)).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('refuses an access token once it has expired, although it worked (and was remembered as verified) before', async () => {
    const user = await register(app);
    const exp = Math.floor(Date.now() / 1000) + 2;
    const { sid } = new JwtService().decode<{ sid: string }>(user.accessToken);
    const shortLived = new JwtService().sign(
      { sub: String(user.id), role: 'user', type: 'access', exp, sid },
      { secret: SECRET, jwtid: 'short' },
    );
    expect((await me(app, shortLived)).statusCode).toBe(200);
    expect((await me(app, shortLived)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    expect((await me(app, shortLived)).statusCode).toBe(401);
    // A token that differs by one character is a token never verified.
    const tampered = user.accessToken.slice(0, -2) + (user.accessToken.endsWith('AA') ? 'AB' : 'AA');
    expect((await me(app, user.accessToken)).statusCode).toBe(200);
    expect((await me(app, tampered)).statusCode).toBe(401);
  });

  it('accepts tokens signed with JWT_SECRET_PREVIOUS during a rotation and signs new ones with JWT_SECRET', async () => {
    const before = await withEnv({ JWT_SECRET: OLD_SECRET }, () => withSecondApi(startApi, (old) => register(old)));
    // Without the previous secret configured, the old tokens are refused ...
    expect((await me(app, before.accessToken)).statusCode).toBe(401);
    // ... with it, they are valid, and new tokens use the current secret.
    await withEnv({ JWT_SECRET_PREVIOUS: OLD_SECRET }, () =>
      withSecondApi(startApi, async (rotated) => {
        expect((await me(rotated, before.accessToken)).statusCode).toBe(200);
        const pair = await rotated.inject({
          method: 'POST',
          url: '/api/auth/refresh',
          payload: { refreshToken: before.refreshToken },
        });
        expect(pair.statusCode).toBe(200);
        expect(() => new JwtService().verify(pair.json().accessToken, { secret: SECRET })).not.toThrow();
      }),
    );
  });

  it('refuses the tokens of a disabled account', async () => {
    const user = await register(app);
    expect((await me(app, user.accessToken)).statusCode).toBe(200);
    // Through the auth module (admin route or CLI), which tells every API process at once (see user-cache spec).
    await app.get(CommandBus).execute(new UpdateUserCommand(String(user.id), { disabled: true }));
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
    expect((await refresh(user.refreshToken)).statusCode).toBe(401);
  });

  it('needs a bearer token on /me and refuses garbage', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer('garbage') })).statusCode).toBe(401);
  });
});
