import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

/** pino for every process; in HTTP, every line of a request carries its request id (`req.id`). */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Probes every few seconds would drown the useful lines.
        exclude: [{ method: RequestMethod.ALL, path: 'health/{*path}' }],
        pinoHttp: {
          level: config.LOG_LEVEL,
          // Fastify made the id (http/request-id.ts) and put it on the raw request.
          genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id: string }).id,
          customAttributeKeys: { reqId: 'requestId' },
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
