import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { startApi } from '../helpers/apps';
import { freshEmail, me, PASSWORD, register } from '../helpers/auth';
import { sql } from '../helpers/tenants';

describe('POST /api/auth/register', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi();
  });
  afterAll(() => app.close());

  const post = (payload: unknown) =>
    app.inject({ method: 'POST', url: '/api/auth/register', payload: payload as object });

  it('creates the user, a working tenant and the free tier, and answers a session', async () => {
    const email = freshEmail();
    const res = await post({ email: `  ${email.toUpperCase()} `, password: PASSWORD });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      user: { id: expect.any(Number), email, role: 'user', tier: 'free', createdAt: expect.any(String) },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 3600,
    });
    const id = body.user.id as number;
    const [row] = await sql(app).execute('select password_hash, tier from public.users where id = ?', [id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(row.tier).toBe('free');
    // The tenant works as soon as 201 is back: its tables exist and its role can use them.
    const tables = await app
      .get(TenantContext)
      .run(id, () =>
        app
          .get(TenantDatabase)
          .transaction((em) => em.execute<{ n: number }[]>('select count(*)::int as n from handled_events')),
      );
    expect(tables[0].n).toBe(0);
    const [registry] = await sql(app).execute('select schema_name from public.tenants where id = ?', [id]);
    expect(registry.schema_name).toBe(`user_${id}`);
    expect((await me(app, body.accessToken)).statusCode).toBe(200);
  });

  it.each([
    [{ email: 'not-an-email', password: PASSWORD }, 'email'],
    [{ email: freshEmail(), password: 'short' }, 'password'],
    [{ email: freshEmail(), password: 'x'.repeat(129) }, 'password'],
    [{ email: freshEmail(), password: PASSWORD, role: 'admin' }, 'role'],
  ])('refuses %j with 400 VALIDATION_FAILED on %s', async (payload, field) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('gives exactly one 201 and 409s to twenty concurrent registrations of one email', async () => {
    const email = freshEmail('race');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post({ email: i % 2 ? email : email.toUpperCase(), password: PASSWORD })),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect(answers.find((a) => a.statusCode === 409)!.json().error.code).toBe('CONFLICT');
    const [{ users, orphans }] = await sql(app).execute(
      `select (select count(*) from public.users where email = ?)::int as users,
              (select count(*) from public.tenants t where not exists (select 1 from public.users u where u.id = t.id)
                 and t.id < 900000)::int as orphans`,
      [email],
    );
    expect({ users, orphans }).toEqual({ users: 1, orphans: 0 });
  });

  it('lets fifty concurrent registrations of distinct emails all succeed', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => post({ email: freshEmail('many'), password: PASSWORD })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(201));
    const ids = answers.map((a) => a.json().user.id as number);
    const [{ n }] = await sql(app).execute(`select count(*)::int as n from pg_namespace where nspname in (?)`, [
      ids.map((id) => `user_${id}`),
    ]);
    expect(n).toBe(50);
  });

  it('leaves nothing behind when provisioning fails', async () => {
    // Occupy the schema name the next user id will get, so provisioning fails after the user row is inserted.
    const [{ next }] = await sql(app).execute<{ next: string }[]>(
      `select nextval(pg_get_serial_sequence('public.users', 'id')) + 1 as next`,
    );
    await sql(app).execute(`create schema "user_${next}"`);
    try {
      const email = freshEmail('fails');
      const res = await post({ email, password: PASSWORD });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toMatch(/user_|schema|sql/i);
      const [{ users, tenants }] = await sql(app).execute(
        `select (select count(*) from public.users where email = ?)::int as users,
                (select count(*) from public.tenants where id = ?)::int as tenants`,
        [email, Number(next)],
      );
      expect({ users, tenants }).toEqual({ users: 0, tenants: 0 });
    } finally {
      await sql(app).execute(`drop schema "user_${next}"`);
    }
    expect((await register(app)).id).toBeGreaterThan(0);
  });
});
