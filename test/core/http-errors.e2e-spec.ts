import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ErrorBody } from '@stoflow/core';
import { startApi } from '../helpers/apps';
import { ProbeModule } from '../helpers/probe.module';

describe('the error shape of every failure', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi(ProbeModule);
  });
  afterAll(() => app.close());

  const post = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/probe',
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    });

  function expectError(
    res: { statusCode: number; json(): unknown; headers: Record<string, unknown> },
    status: number,
    code: string,
  ) {
    expect(res.statusCode).toBe(status);
    const body = res.json() as ErrorBody;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/^[A-Z].{5,}/);
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts|select |node_modules|Exception/);
    return body.error;
  }

  it('accepts a valid body', async () => {
    const res = await post(JSON.stringify({ title: 'Jacket', stock: 2, items: [{ quantity: 1 }] }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ title: 'Jacket', stock: 2, items: [{ quantity: 1 }] });
  });

  it('malformed JSON is 400 VALIDATION_FAILED', async () => {
    const error = expectError(await post('{"title": "Jacket",'), 400, 'VALIDATION_FAILED');
    expect(error.message).toBe('The request body is not valid JSON');
  });

  it('unknown fields are refused and named', async () => {
    const error = expectError(
      await post(JSON.stringify({ title: 'Jacket', stock: 1, isAdmin: true })),
      400,
      'VALIDATION_FAILED',
    );
    expect(error.details).toEqual([{ field: 'isAdmin', issue: 'should not exist' }]);
  });

  it('wrong types and out-of-range values name each field, nested ones by path', async () => {
    const error = expectError(
      await post(JSON.stringify({ title: 42, stock: -1, items: [{ quantity: 0 }] })),
      400,
      'VALIDATION_FAILED',
    );
    expect(error.details).toEqual(
      expect.arrayContaining([
        { field: 'title', issue: 'must be a string' },
        { field: 'stock', issue: 'must not be less than 0' },
        { field: 'items[0].quantity', issue: 'must not be less than 1' },
      ]),
    );
    expect(error.message).toContain('title');
  });

  it('a wrong path parameter is 400, a missing object 404 with the domain message', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/probe/missing/abc' }), 400, 'VALIDATION_FAILED');
    const error = expectError(await app.inject({ method: 'GET', url: '/api/probe/missing/7' }), 404, 'NOT_FOUND');
    expect(error.message).toBe('Probe 7 not found');
  });

  it('unknown routes are 404, a known path with another method 405 with Allow', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/nothing-here' }), 404, 'NOT_FOUND');
    const res = await app.inject({ method: 'DELETE', url: '/api/probe' });
    expectError(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('POST');
  });

  it('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ title: 'x', stock: 1, padding: 'y'.repeat(2 * 1024 * 1024) });
    expectError(await post(big), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type is 415', async () => {
    expectError(await post('<title>x</title>', { 'content-type': 'application/xml' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an unexpected error is 500 with no detail, and keeps the caller request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/probe/crash', headers: { 'x-request-id': 'trace-123' } });
    const error = expectError(res, 500, 'INTERNAL_ERROR');
    expect(error.requestId).toBe('trace-123');
    expect(error.message).toBe('Something went wrong on our side; it has been logged');
  });

  it('makes a request id when the caller sends none or an unsafe one', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing', headers: { 'x-request-id': 'bad id\u0001' } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a guarded route without a token is 401 UNAUTHENTICATED', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/probe/guarded' }), 401, 'UNAUTHENTICATED');
  });
});
