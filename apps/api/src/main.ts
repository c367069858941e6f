import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, boundShutdown, createHttpApp, exitOnStartFailure, listeningLine } from '@stoflow/core';
import { ApiModule } from './api.module';

async function main(): Promise<void> {
  const app = await createHttpApp(ApiModule);
  const config = app.get(AppConfig);
  boundShutdown(config.SHUTDOWN_TIMEOUT_MS);
  await app.listen(config.PORT, config.HOST);
  const line = listeningLine(config.HOST, config.PORT);
  // Under `npm start` the launcher prints it once the worker is up too, as the last line of the start.
  if (process.send) process.send({ type: 'listening', line });
  else new Logger('Api').log(line);
  // The channel must not keep the process alive on its own once the server is closed.
  process.channel?.unref();
}

main().catch(exitOnStartFailure);
