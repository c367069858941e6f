import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startApi } from '../helpers/apps';
import { listRoutes } from '../helpers/routes';

/**
 * Every route needs a token unless it is marked @Public(). This list is the conscious choice: a new public
 * route fails this test until it is added here.
 */
const PUBLIC_ROUTES = [
  'GET /health/live',
  'GET /health/ready',
  'GET /media/:token',
  'POST /media/uploads/:token',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/refresh',
  'POST /api/auth/register',
  // The plugin bridge: the pairing code is the credential; the extension's routes take a plugin token (PluginGuard).
  'POST /api/plugin/tokens',
  'GET /api/plugin/tasks',
  'POST /api/plugin/tasks/:id/result',
  'POST /api/plugin/heartbeat',
  // eBay sends the seller's browser back here: the single-use state, bound to the user server-side, is the credential.
  'GET /api/ebay/callback',
  'GET /api/etsy/callback',
  // eBay's account-deletion notices: the challenge proves the endpoint, each notice carries eBay's signature.
  'GET /api/webhooks/ebay/account-deletion',
  'POST /api/webhooks/ebay/account-deletion',
  // Etsy's order notices: each carries the signature of the webhook portal's secret.
  'POST /api/webhooks/etsy',
];

describe('public routes', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi();
  });
  afterAll(() => app.close());

  it('are exactly the listed ones', () => {
    const routes = listRoutes(app);
    expect(routes.length).toBeGreaterThan(PUBLIC_ROUTES.length);
    expect(routes.filter((r) => r.isPublic).map((r) => r.route)).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('refuse a request without a token on every other route', async () => {
    for (const { route } of listRoutes(app).filter((r) => !r.isPublic)) {
      const [method, path] = route.split(' ');
      const url = path.replace(/:[A-Za-z]+/g, '1');
      const res = await app.inject({ method: method as 'GET', url });
      expect({ route, status: res.statusCode, code: res.json().error?.code }).toEqual({
        route,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });
});
