import 'reflect-metadata';
import { exitOnStartFailure } from '@stoflow/core';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { CliModule } from './cli.module';

// Commands print to stdout; logs go to stderr-bound pino at warn unless asked otherwise.
process.env.LOG_LEVEL ??= 'warn';

const args = process.argv.slice(2);
const helpOnly = args.length === 0 || args.includes('--help') || args.includes('-h');
if (helpOnly) {
  // Help describes the commands and runs none: it needs no database and no secret (the ORM connects lazily and is
  // never used), so stand-ins fill whatever is unset and a first-time user gets the help instead of a setting error.
  process.env.DATABASE_URL ||= 'postgres://help@127.0.0.1:1/help';
  process.env.JWT_SECRET ||= 'help-only-never-used-to-sign-anything';
}

async function main(): Promise<void> {
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    // Start failures (a missing setting, PostgreSQL down) are one line from exitOnStartFailure; Nest's own report of
    // them (at error level) would add a stack trace. Once started, warnings and errors are shown again.
    logger: ['fatal'],
    abortOnError: false,
    errorHandler: (error) => {
      // Unknown commands, unknown options and bad values: one line, exit 2. Help is already printed (on stderr and
      // with exit 2 when no command was given).
      const { exitCode, code } = error as Error & { exitCode?: number; code?: string };
      if (code !== 'commander.helpDisplayed' && code !== 'commander.help') {
        process.stderr.write(`${error.message.replace(/^error: /, '')}\n`);
      }
      process.exit(exitCode === 0 ? 0 : 2);
    },
    serviceErrorHandler: (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  });
  if (!helpOnly) app.useLogger(['error', 'warn']);
  try {
    // The program's name in usage lines is the product's, not the compiled file's (`main`).
    await app.get(CommandRunnerService).run(['node', 'stoflow', ...args]);
  } finally {
    await app.close();
  }
}

main().catch(exitOnStartFailure);
