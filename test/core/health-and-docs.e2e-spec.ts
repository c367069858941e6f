import SwaggerParser from '@apidevtools/swagger-parser';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { startApi, withEnv } from '../helpers/apps';

describe('health and docs', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi();
  });
  afterAll(() => app.close());

  it('live answers without checking dependencies, ready checks PostgreSQL and Redis', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ok',
      info: { postgresql: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('ready is 503 and names Redis when Redis does not answer', async () => {
    const broken = await withEnv({ REDIS_URL: 'redis://127.0.0.1:1' }, () => startApi());
    try {
      const res = await broken.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      const { error } = res.json();
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.details).toEqual([
        expect.objectContaining({ field: 'redis', issue: expect.stringMatching(/^redis is down/) }),
      ]);
    } finally {
      await broken.close();
    }
  });

  it('ready is 503 and names PostgreSQL when the database does not answer', async () => {
    const broken = await withEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }, () => startApi());
    try {
      const res = await broken.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.details).toEqual([expect.objectContaining({ field: 'postgresql' })]);
    } finally {
      await broken.close();
    }
  });

  it('serves a valid OpenAPI 3 document and the UI', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    const document = res.json() as OpenAPIV3.Document;
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const ui = await app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('sets security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
