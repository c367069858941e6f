/** What a process started by test/helpers/child-app.ts tells the test over its IPC channel. */
export interface ReadyMessage {
  type: 'ready';
  /** The API's port. */
  port?: number;
}

/** Exits when the test that started this process goes away (its IPC channel closes): no process outlives a run. */
export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(1));
}

export function reportReady(message: Omit<ReadyMessage, 'type'> = {}): void {
  process.send?.({ type: 'ready', ...message } satisfies ReadyMessage);
}

/** A failed start: the whole error on stderr, which the test shows. */
export function failStart(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
