import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { startApi, withEnv } from '../helpers/apps';
import { bearer, freshEmail, freshIp, login, PASSWORD, register } from '../helpers/auth';
import { ProbeModule } from '../helpers/probe.module';
import { sql } from '../helpers/tenants';

/** An app with its own Redis namespace, so its counters start at zero whatever ran before. */
function appWith(settings: Record<string, string>): Promise<NestFastifyApplication> {
  return withEnv({ QUEUE_PREFIX: `lim${randomBytes(4).toString('hex')}`, ...settings }, () => startApi(ProbeModule));
}

const limited = (res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) => {
  expect(res.statusCode).toBe(429);
  expect((res.json() as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  expect(String(res.headers['retry-after'])).toMatch(/^[1-9]\d*$/);
};

describe('Limits that cannot be walked around', () => {
  it('trusts no proxy by default: X-Forwarded-For neither names the client nor resets the per-IP login limit', async () => {
    const app = await appWith({ TRUST_PROXY: '' });
    try {
      const seen = await app.inject({ method: 'GET', url: '/api/probe/ip', headers: { 'x-forwarded-for': '1.2.3.4' } });
      expect(seen.json()).toEqual({ ip: '127.0.0.1' });
      const codes: number[] = [];
      for (let i = 0; i < 31; i++) codes.push((await login(app, freshEmail('spoof'), PASSWORD, freshIp())).statusCode);
      expect(codes.slice(0, 30)).toEqual(Array(30).fill(401));
      limited(await login(app, freshEmail('spoof'), PASSWORD, freshIp()));
    } finally {
      await app.close();
    }
    const behindProxy = await appWith({ TRUST_PROXY: '127.0.0.1/8' });
    try {
      const seen = await behindProxy.inject({
        method: 'GET',
        url: '/api/probe/ip',
        headers: { 'x-forwarded-for': '1.2.3.4' },
      });
      expect(seen.json()).toEqual({ ip: '1.2.3.4' });
    } finally {
      await behindProxy.close();
    }
  });

  describe('with small limits', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await appWith({
        REGISTER_LIMIT_PER_IP: '3',
        PAIRING_LIMIT_PER_IP: '2',
        PASSWORD_CHECK_LIMIT_PER_USER: '3',
      });
    });
    afterAll(() => app.close());

    const registerFrom = (ip: string, email = freshEmail('reg')) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/register',
        headers: { 'x-forwarded-for': ip },
        payload: { email, password: PASSWORD },
      });

    it('limits registrations per IP, duplicates (409) included, without creating anything past it', async () => {
      const ip = freshIp();
      const first = await registerFrom(ip);
      expect(first.statusCode).toBe(201);
      const taken = first.json().user.email as string;
      expect((await registerFrom(ip, taken)).statusCode).toBe(409);
      expect((await registerFrom(ip)).statusCode).toBe(201);
      const email = freshEmail('reg');
      limited(await registerFrom(ip, email));
      limited(await registerFrom(ip, taken));
      const rows = await sql(app).execute('select 1 from public.users where email = ?', [email]);
      expect(rows).toHaveLength(0);
      expect((await registerFrom(freshIp())).statusCode).toBe(201);
    });

    it('limits pairing-code creation and exchange per IP', async () => {
      const user = await register(app);
      const ip = freshIp();
      const create = () =>
        app.inject({
          method: 'POST',
          url: '/api/plugin/pairing-codes',
          headers: { ...bearer(user.accessToken), 'x-forwarded-for': ip },
        });
      expect((await create()).statusCode).toBe(201);
      expect((await create()).statusCode).toBe(201);
      limited(await create());

      const guesser = freshIp();
      const exchange = () =>
        app.inject({
          method: 'POST',
          url: '/api/plugin/tokens',
          headers: { 'x-forwarded-for': guesser },
          payload: { code: 'AAAAA-BBBBB', name: 'guess' },
        });
      expect((await exchange()).statusCode).toBe(401);
      expect((await exchange()).statusCode).toBe(401);
      limited(await exchange());
    });

    it('limits password checks of DELETE /api/auth/me per user, whatever the IP', async () => {
      const user = await register(app);
      const erase = (password: string) =>
        app.inject({
          method: 'DELETE',
          url: '/api/auth/me',
          headers: { ...bearer(user.accessToken), 'x-forwarded-for': freshIp() },
          payload: { password },
        });
      for (let i = 0; i < 3; i++) expect((await erase('wrong password, long enough')).statusCode).toBe(403);
      limited(await erase(PASSWORD));
      const rows = await sql(app).execute('select 1 from public.users where id = ?', [user.id]);
      expect(rows).toHaveLength(1);
    });
  });

  it('limits guesses per email without locking the owner out from an IP with no recent failure', async () => {
    const app = await appWith({});
    try {
      const user = await register(app);
      const attacker = freshIp();
      const wrong = 'wrong password, long enough';
      for (let i = 0; i < 10; i++) expect((await login(app, user.email, wrong, attacker)).statusCode).toBe(401);
      // The guessing IP is stopped, even with the right password...
      limited(await login(app, user.email, wrong, attacker));
      limited(await login(app, user.email, PASSWORD, attacker));
      // ...the owner, from an IP with no failure, is not.
      expect((await login(app, user.email, PASSWORD, freshIp())).statusCode).toBe(200);
      // Guesses from fresh IPs get a small allowance (5 failures), then the email is closed to all.
      for (let i = 0; i < 5; i++) expect((await login(app, user.email, wrong, freshIp())).statusCode).toBe(401);
      limited(await login(app, user.email, PASSWORD, freshIp()));
    } finally {
      await app.close();
    }
  });
});
