import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';

/**
 * Errors Fastify answers before any route runs (a URL that does not decode, e.g. `/api/products/%`): in the
 * API's shape, without Fastify's code and without the URL.
 */
export function frameworkErrors(_error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .code(400)
    .header('content-type', 'application/json; charset=utf-8')
    .send({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The URL is not valid: check its percent-encoding',
        requestId: String(request.id),
      },
    });
}

const CLIENT_ERRORS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'HEADERS_TOO_LARGE',
    'The request line or its headers are too large',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'The request took too long to arrive'],
};

/**
 * Requests Node's HTTP parser refuses (too large a request line or headers, not HTTP at all, too slow): answered in
 * the API's shape, nothing of the request echoed, then the connection is closed (it cannot be read further).
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'VALIDATION_FAILED',
    'The request is not valid HTTP',
  ];
  const body = JSON.stringify({ error: { code, message, requestId: randomUUID() } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}
