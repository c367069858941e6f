import { Body, Controller, Module, Post } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthenticatedUser, CurrentUser, GetQuotaQuery, ProductQuotaUsageQuery, RequireRole } from '@stoflow/auth';
import { QuotaExceeded, TenantContext, TenantDatabase } from '@stoflow/core';
import { startApi } from '../helpers/apps';
import { bearer, login, me, PASSWORD, register } from '../helpers/auth';
import { sql } from '../helpers/tenants';

/** Stands in for the catalog: it owns product usage and enforces the products quota through GetQuotaQuery. */
const products = new Map<number, number>();

@QueryHandler(ProductQuotaUsageQuery)
class FakeProductUsage implements IQueryHandler<ProductQuotaUsageQuery, number> {
  async execute({ userId }: ProductQuotaUsageQuery): Promise<number> {
    return products.get(userId) ?? 0;
  }
}

@Controller('api/test-products')
class FakeProductsController {
  constructor(private readonly queries: QueryBus) {}

  @Post()
  async create(@CurrentUser() user: AuthenticatedUser, @Body() _body: unknown): Promise<{ ok: true }> {
    const { products: limit } = await this.queries.execute(new GetQuotaQuery(user.id));
    const used = products.get(user.id) ?? 0;
    if (limit !== null && used >= limit) throw new QuotaExceeded('products', limit, used);
    products.set(user.id, used + 1);
    return { ok: true };
  }

  @Post('admin-only')
  @RequireRole('admin')
  adminOnly(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [FakeProductsController], providers: [FakeProductUsage] })
class FakeCatalogModule {}

describe('accounts: /me, erasure, roles, admin routes, quotas, cross-tenant', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi(FakeCatalogModule);
  });
  afterAll(() => app.close());

  const admin = async () => {
    const user = await register(app);
    await sql(app).execute(`update public.users set role = 'admin' where id = ?`, [user.id]);
    return user;
  };
  const erase = (token: string, password = PASSWORD) =>
    app.inject({ method: 'DELETE', url: '/api/auth/me', headers: bearer(token), payload: { password } });

  it('GET /me answers the caller with quota use and limits (usage from the owning module)', async () => {
    const user = await register(app);
    products.set(user.id, 7);
    const res = await me(app, user.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: user.id,
      email: user.email,
      role: 'user',
      tier: 'free',
      quotas: {
        products: { used: 7, limit: 30 },
        publishesToday: { used: 0, limit: 20 },
        marketplaces: { limit: 2 },
      },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
  });

  it('seeds the tiers resellers know', async () => {
    const rows = await sql(app).execute(
      'select tier, products, marketplaces, publishes_per_day from public.subscription_quotas order by rank',
    );
    expect(rows).toEqual([
      { tier: 'free', products: 30, marketplaces: 2, publishes_per_day: 20 },
      { tier: 'starter', products: 200, marketplaces: 3, publishes_per_day: 200 },
      { tier: 'pro', products: 500, marketplaces: null, publishes_per_day: 1000 },
      { tier: 'business', products: null, marketplaces: null, publishes_per_day: 10000 },
    ]);
  });

  it('lets a consuming module enforce a quota through GetQuotaQuery: 403 QUOTA_EXCEEDED with the limit', async () => {
    const user = await register(app);
    products.set(user.id, 30);
    const res = await app.inject({
      method: 'POST',
      url: '/api/test-products',
      headers: bearer(user.accessToken),
      payload: {},
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: [{ field: 'products', limit: 30, used: 30 }],
    });
    // An admin moves the user to business: no product limit any more.
    const boss = await admin();
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${user.id}`,
      headers: bearer(boss.accessToken),
      payload: { tier: 'business' },
    });
    expect(patched.statusCode).toBe(200);
    const again = await app.inject({
      method: 'POST',
      url: '/api/test-products',
      headers: bearer(user.accessToken),
      payload: {},
    });
    expect(again.statusCode).toBe(201);
    expect((await me(app, user.accessToken)).json().quotas.products).toEqual({ used: 31, limit: null });
  });

  it('DELETE /me erases the account: tokens refused, schema and role gone, user row gone', async () => {
    const user = await register(app);
    expect((await erase(user.accessToken, 'not the password at all')).statusCode).toBe(403);
    expect((await me(app, user.accessToken)).statusCode).toBe(200);

    expect((await erase(user.accessToken)).statusCode).toBe(204);
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: user.refreshToken },
    });
    expect(refreshed.statusCode).toBe(401);
    const [left] = await sql(app).execute(
      `select (select count(*) from public.users where id = ?)::int as users,
              (select count(*) from public.refresh_tokens where user_id = ?)::int as tokens,
              (select count(*) from public.tenants where id = ?)::int as tenants,
              (select count(*) from pg_namespace where nspname = ?)::int as schemas,
              (select count(*) from pg_roles where rolname like ?)::int as roles,
              (select count(*) from public.outbox_events where type = 'auth.account-erased' and aggregate_id = ?)::int as events`,
      [user.id, user.id, user.id, `user_${user.id}`, `%\\_t${user.id}`, String(user.id)],
    );
    expect(left).toEqual({ users: 0, tokens: 0, tenants: 0, schemas: 0, roles: 0, events: 1 });
  });

  it("cross-tenant: B's token only ever reaches B (me, erase, tenant context)", async () => {
    const a = await register(app);
    const b = await register(app);
    expect((await me(app, b.accessToken)).json().id).toBe(b.id);
    // B erasing "me" erases B, never A.
    expect((await erase(b.accessToken)).statusCode).toBe(204);
    expect((await me(app, a.accessToken)).json().id).toBe(a.id);
    const [{ n }] = await sql(app).execute('select count(*)::int as n from pg_namespace where nspname = ?', [
      `user_${a.id}`,
    ]);
    expect(n).toBe(1);
    // B's tenant role cannot read accounts, tokens or quotas.
    const c = await register(app);
    for (const table of ['users', 'refresh_tokens', 'subscription_quotas']) {
      await expect(
        app
          .get(TenantContext)
          .run(c.id, () => app.get(TenantDatabase).transaction((em) => em.execute(`select * from public.${table}`))),
      ).rejects.toThrow(new RegExp(`permission denied for table ${table}`));
    }
    // An admin route refuses a user token.
    const list = await app.inject({ method: 'GET', url: '/api/admin/users', headers: bearer(a.accessToken) });
    expect(list.statusCode).toBe(403);
    expect(list.json().error.code).toBe('FORBIDDEN');
  });

  it('admin routes: paginated list with ?q=, PATCH role/tier/disabled; users get 403 FORBIDDEN', async () => {
    const boss = await admin();
    const user = await register(app);
    const h = bearer(boss.accessToken);
    const found = await app.inject({
      method: 'GET',
      url: `/api/admin/users?q=${user.email.slice(0, 20)}&limit=5`,
      headers: h,
    });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({
      total: 1,
      page: 1,
      limit: 5,
      items: [{ id: user.id, email: user.email, disabled: false }],
    });
    const page2 = await app.inject({ method: 'GET', url: '/api/admin/users?page=2&limit=1', headers: h });
    expect(page2.json()).toMatchObject({ page: 2, limit: 1, items: [expect.any(Object)] });
    expect(page2.json().total).toBeGreaterThan(2);
    expect((await app.inject({ method: 'GET', url: '/api/admin/users?limit=101', headers: h })).statusCode).toBe(400);

    const patch = (id: number | string, payload: object, token = boss.accessToken) =>
      app.inject({ method: 'PATCH', url: `/api/admin/users/${id}`, headers: bearer(token), payload });
    expect((await patch(user.id, { tier: 'nonexistent' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await patch(user.id, { role: 'root' })).statusCode).toBe(400);
    expect((await patch(999_999_999, { tier: 'pro' })).statusCode).toBe(404);
    expect((await patch('abc', { tier: 'pro' })).statusCode).toBe(400);
    expect((await patch(user.id, { tier: 'pro' }, user.accessToken)).statusCode).toBe(403);

    const promoted = await patch(user.id, { role: 'admin', tier: 'pro' });
    expect(promoted.json()).toMatchObject({ role: 'admin', tier: 'pro', disabled: false });
    // The role comes from the database, not the token: the old token now passes admin checks.
    const adminOnly = await app.inject({
      method: 'POST',
      url: '/api/test-products/admin-only',
      headers: bearer(user.accessToken),
    });
    expect(adminOnly.statusCode).toBe(201);

    expect((await patch(user.id, { disabled: true })).json().disabled).toBe(true);
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
    expect((await patch(user.id, { disabled: false })).json().disabled).toBe(false);
    // Disabling ended every session: re-enabling does not bring the old tokens back, a new login works.
    expect((await me(app, user.accessToken)).statusCode).toBe(401);
    expect((await me(app, (await login(app, user.email)).json().accessToken)).statusCode).toBe(200);
  });

  it('lists the public routes of auth: a new one is a conscious choice', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
    const auth = Object.keys(doc.paths).filter((p) => p.startsWith('/api/auth') || p.startsWith('/api/admin'));
    expect(auth.sort()).toEqual(
      [
        '/api/admin/users',
        '/api/admin/users/{id}',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/me',
        '/api/auth/refresh',
        '/api/auth/register',
      ].sort(),
    );
    const unauthenticated = [];
    for (const [method, url] of [
      ['GET', '/api/auth/me'],
      ['DELETE', '/api/auth/me'],
      ['GET', '/api/admin/users'],
      ['PATCH', '/api/admin/users/1'],
    ] as const) {
      const res = await app.inject({ method, url, payload: {} });
      if (res.statusCode !== 401) unauthenticated.push(`${method} ${url}`);
    }
    expect(unauthenticated).toEqual([]);
  });
});
