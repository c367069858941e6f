import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ErrorBody } from '@stoflow/core';
import { connect } from 'node:net';
import { startApi } from '../helpers/apps';
import { bearer, register } from '../helpers/auth';
import { newProduct, seller, Seller } from '../catalog/catalog-helpers';
import { sql } from '../helpers/tenants';

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** The API's error shape, nothing framework-made or echoed. */
function expectError(res: Answer, status: number, code: string): ErrorBody['error'] {
  expect({ status: res.statusCode, body: res.body }).toEqual({ status, body: expect.any(String) });
  const body = JSON.parse(res.body) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/^[A-Z].{5,}/);
  expect(res.body).not.toMatch(/FST_|stack|Maximum call stack|select |node_modules|fastify|invalid byte sequence/i);
  return body.error;
}

/** One raw HTTP/1.1 exchange: the request as bytes, the status line, headers and body as text. */
function rawRequest(port: number, request: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(text.split(' ')[1]), text }));
    socket.write(request);
  });
}

describe('bad input never answers 500', () => {
  let app: NestFastifyApplication;
  let base: string;
  let port: number;
  let user: Seller;
  beforeAll(async () => {
    app = await startApi();
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
    base = `http://127.0.0.1:${port}`;
    user = await seller(app);
  });
  afterAll(() => app.close());

  it('refuses JSON nested deeper than 64 levels with 400 before parsing it, cheaply', async () => {
    const deep = `{"email":${'['.repeat(20_000)}${']'.repeat(20_000)},"password":"x"}`;
    const started = process.hrtime.bigint();
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: deep,
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(expectError(res, 400, 'VALIDATION_FAILED').message).toMatch(/nested/);
    expect(ms).toBeLessThan(100);
    const ok = `{"title":"x","price":"1.00","colorIds":${'['.repeat(10)}${']'.repeat(10)}}`;
    const shallow = await app.inject({
      method: 'POST',
      url: '/api/products',
      headers: { ...user.headers, 'content-type': 'application/json' },
      payload: ok,
    });
    expect(shallow.json().error.message).not.toMatch(/nested/);
  });

  it('refuses NUL and other control characters in query strings and JSON strings with 400', async () => {
    const cases: Array<[string, string, unknown?]> = [
      ['GET', '/api/products?q=a%00b'],
      ['GET', '/api/attributes/brands?q=%00'],
      ['GET', '/api/products?q=%01'],
      ['POST', '/api/products', { title: 'Jacket\u0000', price: '10.00' }],
      ['POST', '/api/products', { title: 'Jacket', description: 'a\u0007b', price: '10.00' }],
      ['POST', '/api/auth/login', { email: 'a\u0000@example.com', password: 'x' }],
    ];
    for (const [method, url, payload] of cases) {
      const res = await app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: user.headers,
        ...(payload ? { payload: payload as object } : {}),
      });
      const error = expectError(res, 400, 'VALIDATION_FAILED');
      expect(error.details?.[0].issue).toMatch(/control character/);
    }
    // Line breaks and tabs are text.
    const fine = await newProduct(app, user, { description: 'Line one\nline two\twith a tab' });
    expect(fine.description).toBe('Line one\nline two\twith a tab');
  });

  it('refuses an admin search with NUL with 400', async () => {
    const admin = await register(app);
    await sql(app).execute(`update public.users set role = 'admin' where id = ?`, [admin.id]);
    const res = await app.inject({ method: 'GET', url: '/api/admin/users?q=%00', headers: bearer(admin.accessToken) });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('refuses a lone surrogate with 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"a\\ud800@example.com","password":"correct horse battery staple"}',
    });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('refuses a page past any possible data with 400 on every list', async () => {
    for (const url of ['/api/products?page=1000000000000000000', '/api/attributes/brands?page=1000000000000000000']) {
      const error = expectError(
        await app.inject({ method: 'GET', url, headers: user.headers }),
        400,
        'VALIDATION_FAILED',
      );
      expect(error.details?.[0].field).toBe('page');
    }
  });

  describe('multipart', () => {
    const url = () => `/api/products/${productId}/images`;
    let productId: string;
    beforeAll(async () => {
      productId = (await newProduct(app, user)).id;
    });

    it('more than 10 fields: 413 in the error shape', async () => {
      const boundary = 'b0undary';
      const parts = Array.from(
        { length: 12 },
        (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`,
      ).join('');
      const res = await app.inject({
        method: 'POST',
        url: url(),
        headers: { ...user.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `${parts}--${boundary}--\r\n`,
      });
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('no boundary, or a truncated body: 400 in the error shape', async () => {
      const noBoundary = await app.inject({
        method: 'POST',
        url: url(),
        headers: { ...user.headers, 'content-type': 'multipart/form-data' },
        payload: 'whatever',
      });
      expectError(noBoundary, 400, 'VALIDATION_FAILED');
      const truncated = await app.inject({
        method: 'POST',
        url: url(),
        headers: { ...user.headers, 'content-type': 'multipart/form-data; boundary=xyz' },
        payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff',
      });
      expectError(truncated, 400, 'VALIDATION_FAILED');
    });

    it('a 12 MB upload through fetch sees 413 PAYLOAD_TOO_LARGE, not a reset connection', async () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.alloc(12 * 1024 * 1024, 1)], { type: 'image/jpeg' }), 'big.jpg');
      const res = await fetch(`${base}${url()}`, { method: 'POST', headers: user.headers, body: form });
      expect(res.status).toBe(413);
      expect(((await res.json()) as ErrorBody).error.code).toBe('PAYLOAD_TOO_LARGE');
      // Refused before the body is read (no token): the answer still arrives whole.
      const anonymous = await fetch(`${base}${url()}`, { method: 'POST', body: form });
      expect(anonymous.status).toBe(401);
    });

    it('a JSON body over the limit sent through fetch sees 413 too', async () => {
      const res = await fetch(`${base}/api/products`, {
        method: 'POST',
        headers: { ...user.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'x', description: 'y'.repeat(12 * 1024 * 1024) }),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as ErrorBody).error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  it('framework errors answer in the error shape and echo nothing', async () => {
    const badUrl = await app.inject({ method: 'GET', url: '/api/products/%', headers: user.headers });
    expectError(badUrl, 400, 'VALIDATION_FAILED');
    expect(badUrl.body).not.toContain('%');

    const secret = 'ECHOME'.repeat(20);
    const longParam = await app.inject({
      method: 'GET',
      url: `/api/products/${secret.repeat(10)}`,
      headers: user.headers,
    });
    expect(longParam.statusCode).toBeLessThan(500);
    expect(longParam.body).not.toContain('ECHOME');
    expect(JSON.parse(longParam.body)).toEqual({ error: expect.objectContaining({ code: expect.any(String) }) });

    const tooLong = await rawRequest(
      port,
      `GET /api/products?q=${'ECHOME'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect([414, 431]).toContain(tooLong.status);
    const tooLongBody = tooLong.text.split('\r\n\r\n')[1];
    expect(JSON.parse(tooLongBody).error.code).toMatch(/^[A-Z_]+$/);
    expect(tooLong.text).not.toContain('ECHOME');

    const bigHeader = await rawRequest(
      port,
      `GET /api/products HTTP/1.1\r\nHost: x\r\nX-Big: ${'ECHOME'.repeat(20_000)}\r\n\r\n`,
    );
    expect(bigHeader.status).toBe(431);
    expect(JSON.parse(bigHeader.text.split('\r\n\r\n')[1]).error.code).toMatch(/^[A-Z_]+$/);

    const garbage = await rawRequest(port, `GARBAGE\r\n\r\n`);
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.text.split('\r\n\r\n')[1]).error.code).toBe('VALIDATION_FAILED');
  });
});
