import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, boundShutdown, exitOnStartFailure, QuietStartupLogger } from '@stoflow/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(new QuietStartupLogger(app.get(Logger)));
  app.enableShutdownHooks();
  boundShutdown(app.get(AppConfig).SHUTDOWN_TIMEOUT_MS);
  await app.init();
  app.get(Logger).log('Worker started');
  // Under `npm start`, the launcher waits for this before it says where the API listens.
  process.send?.({ type: 'ready' });
  process.channel?.unref();
}

main().catch(exitOnStartFailure);
