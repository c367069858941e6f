import 'reflect-metadata';
import { exitOnStartFailure } from '@stoflow/core';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

// Commands print to stdout; logs go to stderr-bound pino at warn unless asked otherwise.
process.env.LOG_LEVEL ??= 'warn';

async function main(): Promise<void> {
  await CommandFactory.run(CliModule, {
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      // Unknown commands, unknown options and bad values: one line, exit 2.
      process.stderr.write(`${error.message.replace(/^error: /, '')}\n`);
      process.exit((error as Error & { exitCode?: number }).exitCode === 0 ? 0 : 2);
    },
    serviceErrorHandler: (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  });
}

main().catch(exitOnStartFailure);
