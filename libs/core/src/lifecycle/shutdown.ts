import { ConfigError } from '../config/app-config';

/**
 * Nest's shutdown hooks drain HTTP, let running Bull jobs finish and close pools; this bounds the wait so a
 * stuck job cannot keep a deploy from finishing.
 */
export function boundShutdown(timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`Shutdown took longer than ${timeoutMs} ms; exiting now\n`);
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
}

/** A failed start prints one line (the setting or the dependency at fault), never a stack trace. */
export function exitOnStartFailure(error: unknown): never {
  const message = error instanceof ConfigError ? error.message : startFailureLine(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function startFailureLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED.*5432|connect ECONNREFUSED|database .* does not exist|password authentication/i.test(text)) {
    return `Cannot start: PostgreSQL is not reachable or refused the connection (${text.split('\n')[0]}); check DATABASE_URL`;
  }
  return `Cannot start: ${text.split('\n')[0]}`;
}
