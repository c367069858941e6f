import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_STRATEGY } from '@stoflow/core';
import type Redis from 'ioredis';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import passport from 'passport';
import { CliModule } from '../../apps/cli/src/cli.module';
import { UserChanges } from '../../libs/auth/src/access/user-changes';
import { UserStateCache } from '../../libs/auth/src/access/user-state-cache';
import { startApi } from '../helpers/apps';
import { bearer, login, me, PASSWORD, register, Registered, withSecondApi } from '../helpers/auth';
import { sql } from '../helpers/tenants';

/**
 * Each API process keeps what the access guard loaded about a user for a short while (AUTH_USER_CACHE_MS) instead
 * of reading public.users on every request. A change made through the auth module, on any process or in the CLI,
 * must be seen by every process at once: these tests never wait for the TTL (5 s here), so a 401 expected right
 * after the change can only come from the Redis broadcast.
 */
describe('the authenticated-user cache: every API process sees a disable, erase or role change at once', () => {
  let app: NestFastifyApplication;
  let boss: Registered;
  beforeAll(async () => {
    app = await startApi();
    boss = await register(app);
    await sql(app).execute(`update public.users set role = 'admin' where id = ?`, [boss.id]);
  });
  afterAll(() => app.close());

  const cache = (on: INestApplicationContext) => on.get(UserStateCache);
  const patch = (on: NestFastifyApplication, id: number, payload: object) =>
    on.inject({ method: 'PATCH', url: `/api/admin/users/${id}`, headers: bearer(boss.accessToken), payload });
  /** Answers 200 until one answer comes from the cache, so this process has the user cached (checked). */
  const warm = async (on: NestFastifyApplication, user: Registered) => {
    // A process just started uses its cache once its Redis subscription is up.
    for (let i = 0; i < 200 && !cache(on).isLive; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(cache(on).isLive).toBe(true);
    // A change to any user, announced while a read is under way (the suites running beside this one make some),
    // keeps that read from being stored: the next request reads again, and is stored then.
    for (let i = 0; i < 20; i += 1) {
      const hits = cache(on).stats.hits;
      expect((await me(on, user.accessToken)).statusCode).toBe(200);
      if (cache(on).stats.hits === hits + 1) return;
    }
    throw new Error('the user was never answered from the cache');
  };

  it('answers a known user from the cache, without reading public.users again', async () => {
    const user = await register(app);
    await warm(app, user);
    expect(cache(app).isLive).toBe(true);
  });

  it('a user disabled through another API process is refused here at once, and can log in at once when enabled', async () => {
    const user = await register(app);
    await warm(app, user);
    await withSecondApi(startApi, async (other) => {
      expect((await patch(other, user.id, { disabled: true })).statusCode).toBe(200);
    });
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
    await withSecondApi(startApi, async (other) => {
      expect((await patch(other, user.id, { disabled: false })).statusCode).toBe(200);
    });
    // Disabling ended the sessions of that time; a new one works here at once.
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
    expect((await me(app, (await login(app, user.email)).json().accessToken)).statusCode).toBe(200);
  });

  it('a user disabled here is refused at once by the other API process (which had it cached)', async () => {
    const user = await register(app);
    await withSecondApi(startApi, async (other) => {
      // Passport keeps one strategy per process: while `other` runs, both apps authenticate through its own,
      // so the warm-up and the check below read `other`'s cache, and only Redis can tell it about our PATCH.
      await warm(other, user);
      expect((await patch(app, user.id, { disabled: true })).statusCode).toBe(200);
      const refused = await me(other, user.accessToken);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('UNAUTHENTICATED');
    });
  });

  it('a role change through another process applies here at once, in both directions', async () => {
    const user = await register(app);
    const adminList = () => app.inject({ method: 'GET', url: '/api/admin/users', headers: bearer(user.accessToken) });
    expect((await adminList()).statusCode).toBe(403);
    await warm(app, user);
    await withSecondApi(startApi, (other) => patch(other, user.id, { role: 'admin' }));
    expect((await adminList()).statusCode).toBe(200);
    await withSecondApi(startApi, (other) => patch(other, user.id, { role: 'user' }));
    expect((await adminList()).statusCode).toBe(403);
  });

  it('an account erased through another process loses its tokens here at once', async () => {
    const user = await register(app);
    await warm(app, user);
    await withSecondApi(startApi, async (other) => {
      const erased = await other.inject({
        method: 'DELETE',
        url: '/api/auth/me',
        headers: bearer(user.accessToken),
        payload: { password: PASSWORD },
      });
      expect(erased.statusCode).toBe(204);
    });
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
  });

  it('`users disable` in the CLI (another process again) is seen at once', async () => {
    const user = await register(app);
    await warm(app, user);
    await withCli((cli) => cli.get(CommandRunnerService).run(['node', 'cli', 'users', 'disable', String(user.id)]));
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
  });

  it('after losing its Redis subscription, a process stops answering from the cache until it is back', async () => {
    const user = await register(app);
    await warm(app, user);
    const subscriber = (app.get(UserChanges) as unknown as { subscriber: Redis }).subscriber;
    // The connection's close is an event: the process knows it lost the subscription once it has run.
    const closed = new Promise((resolve) => subscriber.once('close', resolve));
    subscriber.disconnect(true);
    await closed;
    // Changed behind the broadcast's back while the subscription is down: nothing tells this process.
    await sql(app).execute('update public.users set disabled_at = now() where id = ?', [user.id]);
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
    await sql(app).execute('update public.users set disabled_at = null where id = ?', [user.id]);
    // Back: subscribed again (so caching again), and announcements reach it.
    await until(() => cache(app).isLive);
    await warm(app, user);
    await withSecondApi(startApi, (other) => patch(other, user.id, { disabled: true }));
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
  });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(check()).toBe(true);
}

/** The admin CLI as its own Nest application (what `npm run cli` starts), then closed. */
async function withCli(work: (cli: INestApplicationContext) => Promise<unknown>): Promise<void> {
  // Like withSecondApi: the CLI registers its own passport strategy; put this process's back afterwards.
  const strategies = (passport as unknown as { _strategies: Record<string, unknown> })._strategies;
  const saved = strategies[ACCESS_STRATEGY];
  const cli = await CommandFactory.createWithoutRunning(CliModule, { logger: false, abortOnError: false });
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await work(cli);
  } finally {
    process.stdout.write = write;
    await cli.close();
    strategies[ACCESS_STRATEGY] = saved;
  }
}
