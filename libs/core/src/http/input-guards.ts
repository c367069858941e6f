import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationFailed } from '../errors/domain-error';

/** Deeper JSON is refused: no API body needs more than a few levels, and parsers and validators recurse. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether a JSON text nests arrays/objects deeper than `max`, read in one pass before parsing (parsing and
 * validating 20,000 levels overflows the stack and holds the event loop for most of a second).
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

// PostgreSQL cannot store NUL in text, nor a lone surrogate in UTF-8: never acceptable.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Other C0 controls make no sense in names, searches or descriptions; tab and line breaks do.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F]/;

export interface TextProblem {
  field: string;
  issue: string;
  [key: string]: unknown;
}

/** The first string (or key) of a parsed body, query or params that holds characters no route accepts. */
export function firstUnacceptableText(value: unknown, field: string, controlsAllowed = false): TextProblem | undefined {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) return { field, issue: 'must not contain NUL, control characters or lone surrogates' };
    if (!controlsAllowed && CONTROL.test(value)) return { field, issue: 'must not contain control characters' };
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, inner] of entries) {
    const path = field ? `${field}.${key}` : key;
    const problem =
      firstUnacceptableText(key, path, controlsAllowed) ?? firstUnacceptableText(inner, path, controlsAllowed);
    if (problem) return problem;
  }
  return undefined;
}

/** Route config flag (`@RouteConfig({ [CONTROLS_ALLOWED]: true })`) for bodies that relay third-party text. */
export const CONTROLS_ALLOWED = 'controlCharactersAllowed';

/** Replaces the JSON parser (Nest's, registered by `app.init()`) with one that refuses deep nesting first. */
export function guardJsonDepth(fastify: FastifyInstance, bodyLimit: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(new ValidationFailed(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    // Kept as received: a webhook's signature is over these exact bytes, not over a re-serialised object.
    (request as unknown as { rawBody?: string }).rawBody = text;
    parse(request, text, done);
  });
}

/**
 * Refuses strings no route can take (NUL, lone surrogates, control characters) in the body, the query and the
 * path parameters with 400 VALIDATION_FAILED, before any handler or query sees them.
 */
export function guardText(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    const controlsAllowed =
      (request.routeOptions.config as unknown as Record<string, unknown>)[CONTROLS_ALLOWED] === true;
    const problem =
      firstUnacceptableText(request.params, '') ??
      firstUnacceptableText(request.query, '') ??
      firstUnacceptableText(request.body, '', controlsAllowed);
    if (!problem) return done();
    done(new ValidationFailed(`The request holds characters that are not accepted in ${problem.field}`, [problem]));
  });
}
