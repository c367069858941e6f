import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { exitWithParent, failStart, reportReady } from './child-process';
import { applyTestTimings } from './test-timings';

/**
 * The worker of apps/worker/src/main.ts with the saga's test timings, as a child process of a test. The timings
 * are set as the settings are made: the Bull processors take jobs, and schedule the sweeps, during the start.
 */
async function main(): Promise<void> {
  exitWithParent();
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    bufferLogs: true,
    abortOnError: false,
    instrument: { instanceDecorator: applyTestTimings },
  });
  app.useLogger(app.get(Logger));
  reportReady();
}

main().catch(failStart);
