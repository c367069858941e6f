import { Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INestApplicationContext } from '@nestjs/common';
import { createHttpApp } from '@stoflow/core';
import { ApiModule } from '../../apps/api/src/api.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** The real API (same module and same HTTP setup as apps/api), plus test-only modules when given. */
export async function startApi(...extra: Type<unknown>[]): Promise<NestFastifyApplication> {
  @Module({ imports: [ApiModule, ...extra] })
  class TestApiRoot {}
  const app = await createHttpApp(TestApiRoot);
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The real worker (outbox relay, processors), plus test-only modules when given. */
export async function startWorker(...extra: Type<unknown>[]): Promise<INestApplicationContext> {
  @Module({ imports: [WorkerModule, ...extra] })
  class TestWorkerRoot {}
  const app = await NestFactory.createApplicationContext(TestWorkerRoot, { logger: false, abortOnError: false });
  await app.init();
  return app;
}

/** Runs `work` with process.env changed, restoring it afterwards (settings are read when an app starts). */
export async function withEnv<T>(changes: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((k) => [k, process.env[k]]));
  Object.assign(process.env, changes);
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/**
 * The real worker with some providers replaced (Nest's testing override), e.g. a marketplace driver by a test
 * double: nothing of the production modules changes, the replaced provider is simply not the one built.
 */
export async function startWorkerReplacing(
  replaced: [Type<unknown>, Type<unknown>][],
  ...extra: Type<unknown>[]
): Promise<INestApplicationContext> {
  @Module({ imports: [WorkerModule, ...extra] })
  class TestWorkerRoot {}
  let builder = Test.createTestingModule({ imports: [TestWorkerRoot] });
  for (const [token, replacement] of replaced) builder = builder.overrideProvider(token).useClass(replacement);
  const moduleRef = await builder.setLogger(silentLogger).compile();
  await moduleRef.init();
  return moduleRef;
}

const silentLogger = { log() {}, error() {}, warn() {}, debug() {}, verbose() {} };
