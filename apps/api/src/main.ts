import 'reflect-metadata';
import { AppConfig, boundShutdown, createHttpApp, exitOnStartFailure } from '@stoflow/core';
import { ApiModule } from './api.module';

async function main(): Promise<void> {
  const app = await createHttpApp(ApiModule);
  const config = app.get(AppConfig);
  boundShutdown(config.SHUTDOWN_TIMEOUT_MS);
  await app.listen(config.PORT, config.HOST);
}

main().catch(exitOnStartFailure);
