import { register } from '../helpers/auth';
import { startApi, startWorker, withEnv } from '../helpers/apps';

/** Etsy is optional: an install without its credentials runs, and shows Etsy as not set up. */
describe('Etsy: settings', () => {
  it('starts the API and the worker without Etsy credentials; Etsy shows as not configured', async () => {
    const worker = await startWorker();
    const app = await startApi();
    try {
      const seller = await register(app);
      const res = await app.inject({
        method: 'GET',
        url: '/api/marketplaces',
        headers: { authorization: `Bearer ${seller.accessToken}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toContainEqual(
        expect.objectContaining({ marketplace: 'etsy', configured: false, connected: false, status: 'not-configured' }),
      );
    } finally {
      await app.close();
      await worker.close();
    }
  });

  it("warns in the publish routes' description that activating on Etsy costs the listing fee", async () => {
    const app = await startApi();
    try {
      const doc = (await app.inject({ method: 'GET', url: '/docs-json' })).json<{
        paths: Record<string, { post?: { description?: string } }>;
      }>();
      for (const path of ['/api/products/publish', '/api/products/{id}/publish']) {
        expect(doc.paths[path]?.post?.description).toMatch(/Etsy.*listing fee/);
      }
    } finally {
      await app.close();
    }
  });

  it('refuses to start with a wrong Etsy setting, naming it', async () => {
    await expect(withEnv({ ETSY_API_BASE_URL: 'api.etsy.com' }, () => startApi())).rejects.toThrow(
      /^Invalid setting ETSY_API_BASE_URL: /,
    );
  });
});
