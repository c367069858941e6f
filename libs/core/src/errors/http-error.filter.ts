import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RouteTable } from '../http/route-table';
import { DomainError, ErrorDetail, RateLimited } from './domain-error';

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[]; requestId: string };
}

const CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const MESSAGES: Record<number, string> = {
  401: 'Authentication is required: send a valid access token',
  403: 'You are not allowed to do this',
  413: 'The request body is larger than this endpoint accepts',
  414: 'The URL is too long',
  415: 'This Content-Type is not supported here; send application/json',
  429: 'Too many requests: wait before trying again',
  503: 'The service is not ready',
};

interface Described {
  status: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
}

/** Turns every error into the API's shape `{error: {code, message, details?, requestId}}`; no stack, no SQL. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly routes?: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const requestId = requestIdOf(request);
    const described = this.describe(exception, request);
    if (described.status >= 500 && described.status !== 503) {
      this.logger.error(
        {
          err: exception,
          requestId,
          userId: (request as FastifyRequest & { user?: { id?: number } }).user?.id,
          params: request.params,
          method: request.method,
          url: request.url,
        },
        'Unexpected error while handling a request',
      );
    }
    const body: ErrorBody = {
      error: {
        code: described.code,
        message: described.message,
        requestId,
        ...(described.details ? { details: described.details } : {}),
      },
    };
    reply.headers({ ...described.headers, 'x-request-id': requestId });
    void reply.status(described.status).send(body);
  }

  private describe(exception: unknown, request: FastifyRequest): Described {
    if (exception instanceof DomainError) {
      return {
        status: exception.status,
        code: exception.code,
        message: exception.message,
        details: exception.details,
        ...(exception instanceof RateLimited
          ? { headers: { 'retry-after': String(exception.retryAfterSeconds) } }
          : {}),
      };
    }
    const framework = frameworkError(exception);
    if (framework) return framework;
    if (!(exception instanceof HttpException)) {
      return { status: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; it has been logged' };
    }
    const status = exception.getStatus();
    if (status === HttpStatus.NOT_FOUND && this.isRouteMiss(exception, request)) return this.routeMiss(request);
    const described: Described = {
      status,
      code: CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'),
      message:
        status >= 500 && status !== 503
          ? 'Something went wrong on our side; it has been logged'
          : this.message(exception, status),
    };
    if (status === 503) described.details = healthDetails(exception.getResponse());
    return described;
  }

  private message(exception: HttpException, status: number): string {
    if (status === 400 && /JSON/i.test(exception.message)) return 'The request body is not valid JSON';
    if (status === 400 && /body cannot be empty/i.test(exception.message)) {
      return 'The request body is empty but Content-Type says JSON';
    }
    if (MESSAGES[status]) {
      const own = exception.message;
      const generic =
        /^(Unauthorized|Forbidden|Forbidden resource|Too Many Requests|ThrottlerException.*|Service Unavailable.*|Payload Too Large|Request body is too large|Unsupported Media Type.*)$/i;
      return own && !generic.test(own) && status !== 413 && status !== 415 ? own : MESSAGES[status];
    }
    return exception.message || 'The request could not be handled';
  }

  private isRouteMiss(exception: HttpException, request: FastifyRequest): boolean {
    return exception.message === `Cannot ${request.method} ${request.url}`;
  }

  private routeMiss(request: FastifyRequest): Described {
    const allowed = this.routes?.allowedMethods(request.url) ?? [];
    // A path the router would match only with an empty parameter (`/media/`) is no route at all.
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return {
        status: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: `${request.method} is not allowed on this path; use ${allowed.join(', ')}`,
        headers: { allow: allowed.join(', ') },
      };
    }
    return {
      status: 404,
      code: 'NOT_FOUND',
      message: `There is no route ${request.method} ${request.url.split('?')[0]}`,
    };
  }
}

/**
 * An error a Fastify plugin threw into a handler (e.g. @fastify/multipart's FST_FIELDS_LIMIT) carries its 4xx
 * status: keep the status, never its code or message (they name Fastify and may quote the request).
 */
function frameworkError(exception: unknown): Described | undefined {
  const { statusCode, code } = (exception ?? {}) as { statusCode?: unknown; code?: unknown };
  if (exception instanceof HttpException || typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  return {
    status: statusCode,
    code: CODES[statusCode] ?? 'BAD_REQUEST',
    message: MESSAGES[statusCode] ?? 'The request could not be handled',
  };
}

function requestIdOf(request: FastifyRequest): string {
  return String(request.id);
}

/** Terminus answers 503 with `{error: {db: {status, message}}}`: keep which component is down, nothing more. */
function healthDetails(response: unknown): ErrorDetail[] | undefined {
  const failing = (response as { error?: Record<string, { status?: string; message?: string }> })?.error;
  if (!failing || typeof failing !== 'object') return undefined;
  return Object.entries(failing).map(([component, state]) => ({
    field: component,
    issue: `${component} is ${state.status ?? 'down'}${state.message ? `: ${state.message}` : ''}`,
  }));
}
