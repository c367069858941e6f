import multipart from '@fastify/multipart';
import { Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ClsServiceManager } from 'nestjs-cls';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadConfig } from '../config/app-config';
import { QuietStartupLogger } from '../logging/quiet-startup-logger';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { validationFailed } from '../errors/validation-details';
import { clientErrorHandler, frameworkErrors } from './framework-errors';
import { guardJsonDepth, guardText } from './input-guards';
import { requestIdFor } from './request-id';
import { RouteTable } from './route-table';

export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: validationFailed,
});

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('StoFlow API')
    .setDescription(
      'One catalog, published to Vinted, eBay and Etsy. Errors: {"error": {code, message, details?, requestId}}.',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'access-token')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Builds the HTTP application (used by the API's main and by the e2e tests), initialised but not listening. */
export async function createHttpApp(rootModule: Type<unknown>): Promise<NestFastifyApplication> {
  const settings = loadConfig(process.env);
  const adapter = new FastifyAdapter({
    routerOptions: { maxParamLength: 500 },
    bodyLimit: settings.BODY_LIMIT_BYTES,
    trustProxy: settings.trustProxy,
    genReqId: requestIdFor,
    frameworkErrors,
    clientErrorHandler,
  });
  const fastify = adapter.getInstance();
  // Draining: requests in flight when shutdown starts finish, and their keep-alive connections close with them
  // (otherwise the server would wait for the clients' idle sockets to time out).
  let closing = false;
  const inFlight = new Set<FastifyRequest>();
  const cls = ClsServiceManager.getClsService();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    inFlight.add(request);
    // Every request runs in a context of its own (TenantContext): the first hook, so everything after is inside.
    cls.run(() => done());
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    inFlight.delete(request);
    done();
  });
  fastify.addHook('onRequestAbort', async (request) => {
    inFlight.delete(request);
  });
  fastify.addHook('preClose', async () => {
    closing = true;
    // Once the requests in flight have answered, no connection has anything left to say: close them all, so a
    // socket that Node does not count as idle (e.g. after a client aborted a long-poll) cannot hold shutdown for
    // the whole keep-alive timeout.
    const sweep = setInterval(() => {
      if (inFlight.size > 0) return;
      clearInterval(sweep);
      fastify.server.closeAllConnections();
    }, 50);
    sweep.unref();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  guardText(fastify);
  const routes = new RouteTable();
  routes.attach(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(new QuietStartupLogger(app.get(Logger)));
  app.flushLogs();
  const config = app.get(AppConfig);
  // Security headers: helmet's middleware, built once (@fastify/helmet builds it again for every request).
  const securityHeaders = helmet({
    // Swagger UI at /docs needs inline scripts and styles; everything else is JSON.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
  );
  // Uploads (product images): one file per request; each route checks its own type and size rules.
  await app.register(multipart, { limits: { files: 1, fields: 10, fileSize: 10 * 1024 * 1024 } });
  app.enableCors({
    origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false,
    credentials: false,
    // The dashboard edits (PATCH, PUT, DELETE) and reads ETag / Location / Retry-After from another origin.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id'],
  });
  app.useGlobalPipes(validationPipe);
  app.useGlobalFilters(new HttpErrorFilter(routes));
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, () => openApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
  await app.init();
  guardJsonDepth(fastify, settings.BODY_LIMIT_BYTES);
  return app;
}
