import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { createHttpApp } from '@stoflow/core';
import { ApiModule } from '../../../apps/api/src/api.module';
import { exitWithParent, failStart, reportReady } from './child-process';
import { TestTimingsModule } from './test-timings';

@Module({ imports: [ApiModule, TestTimingsModule] })
class TestApiProcess {}

/**
 * The API of apps/api/src/main.ts with the saga's test timings, as a child process of a test: it listens on
 * 127.0.0.1 at `TEST_API_PORT` (0: a free port) and reports the port it got.
 */
async function main(): Promise<void> {
  exitWithParent();
  const app = await createHttpApp(TestApiProcess);
  await app.listen(Number(process.env.TEST_API_PORT ?? 0), '127.0.0.1');
  reportReady({ port: (app.getHttpServer().address() as { port: number }).port });
}

main().catch(failStart);
