import passport from 'passport';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_STRATEGY } from '@stoflow/core';
import { randomBytes } from 'node:crypto';

export const PASSWORD = 'correct horse battery staple';

/** An email no other test of any run uses. */
export function freshEmail(label = 'user'): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}@example.com`;
}

/** A client IP of its own, so one test's login attempts never count against another's rate limit. */
export function freshIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export interface Registered {
  id: number;
  email: string;
  accessToken: string;
  refreshToken: string;
}

export async function register(app: NestFastifyApplication, email = freshEmail()): Promise<Registered> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password: PASSWORD } });
  if (res.statusCode !== 201) throw new Error(`register answered ${res.statusCode}: ${res.body}`);
  const body = res.json<{ user: { id: number }; accessToken: string; refreshToken: string }>();
  return { id: body.user.id, email, accessToken: body.accessToken, refreshToken: body.refreshToken };
}

export function login(app: NestFastifyApplication, email: string, password = PASSWORD, ip = freshIp()) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'x-forwarded-for': ip },
    payload: { email, password },
  });
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function me(app: NestFastifyApplication, token: string) {
  return app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
}

/**
 * Starts a second API (another process, as far as the database and Redis can tell) for `work`, then closes it.
 * Passport keeps strategies in one global registry, so the second app's strategy replaces the first's: put the
 * first one back afterwards, or the first app would authenticate through a closed app.
 */
export async function withSecondApi<T>(
  start: () => Promise<NestFastifyApplication>,
  work: (other: NestFastifyApplication) => Promise<T>,
): Promise<T> {
  const strategies = (passport as unknown as { _strategies: Record<string, unknown> })._strategies;
  const saved = strategies[ACCESS_STRATEGY];
  const other = await start();
  try {
    return await work(other);
  } finally {
    await other.close();
    strategies[ACCESS_STRATEGY] = saved;
  }
}
