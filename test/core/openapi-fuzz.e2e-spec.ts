import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ErrorBody } from '@stoflow/core';
import fc from 'fast-check';
import { startApi } from '../helpers/apps';
import { bearer } from '../helpers/auth';
import { seller } from '../catalog/catalog-helpers';
import { pairedUser } from '../vinted/plugin-helpers';

/** Cases per route and caller; CI runs the default, a deeper local run sets FUZZ_RUNS. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params: { name: string; in: string }[];
  bodyFields: string[];
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

/** Values an attacker tries first, and a sample of anything. */
const hostileText = fc.oneof(
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\u0007',
    '%',
    '%00',
    '%zz',
    '-1',
    '0',
    '1e400',
    '1000000000000000000',
    '99999999999999999999999',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    "' or 1=1 --",
    '"; drop table users; --',
    '../../../etc/passwd',
    '<script>alert(1)</script>',
    'javascript:alert(1)',
    '00000000-0000-0000-0000-000000000000',
    'Éclair ☃ 😀',
    'x'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, [], {}, -1, 0, 2 ** 53, 1e308),
  fc.array(hostileText, { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Percent-encodes the UTF-8 a client would send (a lone surrogate goes as U+FFFD, as fetch would send it). */
function encode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

function operations(doc: OpenApi): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const ref = JSON.stringify(op.requestBody ?? '').match(/#\/components\/schemas\/(\w+)/)?.[1];
      const bodyFields = Object.keys((ref && doc.components?.schemas?.[ref]?.properties) ?? {});
      ops.push({ method: method.toUpperCase() as Operation['method'], path, params: op.parameters ?? [], bodyFields });
    }
  }
  return ops;
}

describe('every route of the OpenAPI document, under random and hostile input', () => {
  let app: NestFastifyApplication;
  let callers: Record<string, Record<string, string>>;
  let ops: Operation[];
  beforeAll(async () => {
    app = await startApi();
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const user = await seller(app);
    const plugin = await pairedUser(app, base);
    callers = { anonymous: {}, user: user.headers, plugin: bearer(plugin.ext.token) };
    ops = operations((await app.inject({ method: 'GET', url: '/docs-json' })).json<OpenApi>());
  }, 60_000);
  afterAll(() => app.close());

  it('covers the document', () => {
    expect(ops.length).toBeGreaterThan(30);
  });

  it('never answers 500, always in the error shape, never a stack, SQL or path', async () => {
    const request = fc.record({
      op: fc.integer({ min: 0, max: 10_000 }),
      caller: fc.constantFrom('anonymous', 'user', 'plugin'),
      path: fc.array(hostileText, { minLength: 4, maxLength: 4 }),
      query: fc.array(hostileText, { minLength: 6, maxLength: 6 }),
      body: fc.oneof(
        fc.constant(undefined),
        fc.jsonValue({ maxDepth: 4 }),
        fc.array(hostileValue, { minLength: 8, maxLength: 8 }),
        hostileText,
      ),
      rawPath: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const op = ops[r.op % ops.length];
        let i = 0;
        const url = op.path.replace(/\{[^}]+\}/g, () => {
          const value = r.path[i++ % r.path.length];
          return r.rawPath ? value.replace(/[/?#\s]/g, '') : encode(value);
        });
        const query = op.params
          .filter((p) => p.in === 'query')
          // A plugin long-poll that waits would only slow the run down: it is tested on its own.
          .map((p, j) => `${p.name}=${p.name === 'wait' ? '0' : encode(r.query[j % r.query.length])}`)
          .join('&');
        const body =
          Array.isArray(r.body) && op.bodyFields.length > 0
            ? Object.fromEntries(
                op.bodyFields.map((f, j) => [f, (r.body as unknown[])[j % (r.body as unknown[]).length]]),
              )
            : r.body;
        const res = await app.inject({
          method: op.method,
          url: `${url}${query ? `?${query}` : ''}`,
          headers: { ...callers[r.caller], 'content-type': 'application/json' },
          ...(body === undefined || op.method === 'GET' ? {} : { payload: JSON.stringify(body) }),
        });
        const where = `${op.method} ${url}?${query} as ${r.caller}: ${res.statusCode} ${res.body.slice(0, 300)}`;
        if (res.statusCode >= 500) throw new Error(where);
        if (res.statusCode >= 400) {
          const parsed = JSON.parse(res.body) as ErrorBody;
          if (Object.keys(parsed).join() !== 'error' || !/^[A-Z_]+$/.test(parsed.error.code)) throw new Error(where);
        }
        if (/\bat .+\.(ts|js):\d+|node_modules|\/work\/|select .+ from|FST_|violates|relation "/i.test(res.body)) {
          throw new Error(where);
        }
      }),
      { numRuns: RUNS * ops.length * 3, endOnFailure: true },
    );
  }, 300_000);
});
