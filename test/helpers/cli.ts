import { ACCESS_STRATEGY } from '@stoflow/core';
import passport from 'passport';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { CliModule } from '../../apps/cli/src/cli.module';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Runs one CLI command in-process, with the same error handlers as apps/cli/src/main.ts. */
export async function cli(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  process.exitCode = undefined;
  let code = 0;
  // Passport keeps one global strategy registry and the CLI's auth module registers its own access strategy: the
  // API's of the same jest process is put back afterwards, so it keeps authenticating once this CLI is closed.
  const strategies = (passport as unknown as { _strategies: Record<string, unknown> })._strategies;
  const saved = strategies[ACCESS_STRATEGY];
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: false,
    abortOnError: false,
    errorHandler: (error) => {
      process.stderr.write(`${error.message.replace(/^error: /, '')}\n`);
      throw new Exit((error as Error & { exitCode?: number }).exitCode === 0 ? 0 : 2);
    },
    serviceErrorHandler: (error) => {
      if (error instanceof Exit) throw error;
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      throw new Exit(1);
    },
  });
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    await app.get(CommandRunnerService).run(['node', 'cli', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    code = error.code;
  } finally {
    Object.assign(process.stdout, { write: write.out });
    Object.assign(process.stderr, { write: write.err });
    process.exitCode = undefined;
    await app.close();
    if (saved) strategies[ACCESS_STRATEGY] = saved;
  }
  return { code, out: out.join(''), err: err.join('') };
}
