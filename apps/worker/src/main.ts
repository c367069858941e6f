import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, boundShutdown, exitOnStartFailure } from '@stoflow/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  boundShutdown(app.get(AppConfig).SHUTDOWN_TIMEOUT_MS);
  await app.init();
  app.get(Logger).log('Worker started');
}

main().catch(exitOnStartFailure);
