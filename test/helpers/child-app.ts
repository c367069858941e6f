import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { ReadyMessage } from './processes/child-process';

const ROOT = path.resolve(__dirname, '../..');
const ENTRIES = {
  worker: path.join(__dirname, 'processes/worker-process.ts'),
  api: path.join(__dirname, 'processes/api-process.ts'),
} as const;
/** swc-node compiles the sources as they load: a start takes a few seconds on a small machine. */
const READY_MS = 30_000;
/** The end of a child's output is kept, to show when it dies on its own or does not start. */
const OUTPUT_KEPT = 64 * 1024;

export type ChildKind = keyof typeof ENTRIES;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildOptions {
  /** Added to the test's environment (which holds the run's DATABASE_URL, QUEUE_PREFIX, JWT_SECRET, LOG_LEVEL…). */
  env?: Record<string, string>;
  /** API only: the port to listen on (default: a free one). */
  port?: number;
}

/** Children still running, killed by `killChildren()` and, at worst, when the jest process exits. */
const running = new Set<ChildApp>();
/** Children that died unasked after their start, until `killChildren()` answers them. */
const died: ChildApp[] = [];
process.once('exit', () => {
  for (const child of running) child.proc.kill('SIGKILL');
});

/** A worker or an API started as a real process (the modules of apps/*), which a test can SIGKILL. */
export class ChildApp {
  /** Set once the process has ended. */
  exit?: ChildExit;
  /** The API's origin, e.g. http://127.0.0.1:41234. */
  base = '';
  private output = '';
  private started = false;
  private killing = false;
  private readonly exited: Promise<ChildExit>;

  constructor(
    readonly kind: ChildKind,
    readonly proc: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-OUTPUT_KEPT);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    // 'close' rather than 'exit': the output has been read to its end by then.
    this.exited = new Promise((resolve) => {
      proc.once('close', (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        if (this.started && !this.killing) {
          died.push(this);
          this.report(`exited on its own (${signal ?? `code ${code}`})`);
        }
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed; resolves once the process is gone. */
  async kill(): Promise<ChildExit> {
    if (this.exit) return this.exit;
    this.killing = true;
    this.proc.kill('SIGKILL');
    return this.exited;
  }

  /** Resolves when the child says it is ready; fails with its output if it dies or takes too long first. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        void this.kill().then(() => reject(this.failure(`was not ready within ${READY_MS} ms`)));
      }, READY_MS);
      const onMessage = (message: ReadyMessage) => {
        if (message?.type !== 'ready') return;
        cleanup();
        if (message.port !== undefined) this.base = `http://127.0.0.1:${message.port}`;
        this.started = true;
        resolve();
      };
      const onClose = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        reject(this.failure(`exited before it was ready (${signal ?? `code ${code}`})`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.proc.off('message', onMessage);
        this.proc.off('close', onClose);
      };
      this.proc.on('message', onMessage);
      this.proc.once('close', onClose);
    });
  }

  private failure(what: string): Error {
    return new Error(`The ${this.kind} process ${this.pid} ${what}; its output:\n${this.output}`);
  }

  /** A child that dies unasked: its output goes to the test's stderr. */
  private report(what: string): void {
    process.stderr.write(`The ${this.kind} process ${this.pid} ${what}; its output:\n${this.output}\n`);
  }
}

/** Starts the worker or the API as a child process (swc-node, the test's environment) and waits until it is ready. */
export async function startChild(kind: ChildKind, options: ChildOptions = {}): Promise<ChildApp> {
  const child = new ChildApp(
    kind,
    fork(ENTRIES[kind], [], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...options.env,
        ...(options.port !== undefined ? { TEST_API_PORT: String(options.port) } : {}),
      },
      execArgv: ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  running.add(child);
  await child.ready();
  return child;
}

/**
 * SIGKILLs every child still running (a test's afterEach: none survives a failing test). Answers those that had
 * died on their own since the last call, which a test expects to be none.
 */
export async function killChildren(): Promise<ChildApp[]> {
  await Promise.all([...running].map((child) => child.kill()));
  return died.splice(0);
}
