import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run cli` without DATABASE_URL, as a first-time user runs it: the real launcher (scripts/cli.js) as a child
 * process, on a throw-away data directory and its own embedded PostgreSQL port.
 */
const ROOT = path.resolve(__dirname, '../..');
const LAUNCHER = path.join(ROOT, 'scripts/cli.js');
/** The first call may compile the project (tsc on a small machine); every later one must find the build fresh. */
const BUILD_MS = 300_000;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

let dataDir: string;
let pgDir: string;
let port: number;

function launcherEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, STOFLOW_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) };
  // Empty rather than absent: a developer's .env must not fill it in (variables already set win over .env).
  env.DATABASE_URL = '';
  delete env.JWT_SECRET;
  delete env.CREDENTIALS_ENCRYPTION_KEY;
  return env;
}

function run(file: string, args: string[], timeoutMs = 90_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: ROOT, env: launcherEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

const cli = (...args: string[]) => run(process.execPath, [LAUNCHER, ...args]);

/** What `npm start` does to the database before it starts the apps, in a process that then exits. */
function startLikeNpmStart(): Promise<Run> {
  return run(process.execPath, [
    '-e',
    `require(${JSON.stringify(path.join(ROOT, 'scripts/start.js'))}).startEmbeddedPostgres()
       .then((db) => console.log(db.port), (e) => { console.error(e.message); process.exit(1); })`,
  ]);
}

/** Adopts the running server, as a launcher after a crash does, and stops it. */
function stopServer(): Promise<Run> {
  return run(process.execPath, [
    '-e',
    `require(${JSON.stringify(path.join(ROOT, 'scripts/start.js'))}).startEmbeddedPostgres()
       .then((db) => db.stop(), (e) => { console.error(e.message); process.exit(1); })`,
  ]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as net.AddressInfo;
      server.close(() => resolve(free));
    });
  });
}

function accepts(onPort: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(onPort, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const running = () => fs.existsSync(path.join(pgDir, 'postmaster.pid'));

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stoflow-cli-'));
  // As root the server runs as the OS user "postgres", which must be able to enter the data directory.
  fs.chmodSync(dataDir, 0o755);
  pgDir = path.join(dataDir, 'postgres');
  port = await freePort();
  const help = await run(process.execPath, [LAUNCHER, '--help'], BUILD_MS);
  expect(help).toMatchObject({ code: 0, out: expect.stringContaining('Usage: stoflow') });
}, BUILD_MS + 10_000);

afterAll(async () => {
  if (dataDir && running()) await stopServer();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

describe('npm run cli without DATABASE_URL', () => {
  it('says in one line that there is no embedded database yet, and starts none', async () => {
    const result = await cli('users', 'list');

    expect(result.code).toBe(1);
    expect(result.err.trim().split('\n').at(-1)).toBe(
      `[stoflow] DATABASE_URL is not set and there is no embedded database yet: run \`npm start\` once (it creates one in ${pgDir}), or set DATABASE_URL`,
    );
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(pgDir, 'PG_VERSION'))).toBe(false);
  });

  it('uses the embedded database npm start runs, and leaves it running', async () => {
    const started = await startLikeNpmStart();
    expect(started.code).toBe(0);
    expect(started.out.trim().split('\n').at(-1)).toBe(String(port));

    const migrated = await cli('db', 'migrate');
    expect(migrated).toMatchObject({ code: 0 });
    const created = await cli('users', 'create', 'first@example.com', '--password', 'first-user-password');
    expect(created).toMatchObject({ code: 0 });
    expect(created.err).not.toContain('building');

    expect(running()).toBe(true);
    expect(await accepts(port)).toBe(true);
  }, 180_000);

  it('starts the stopped embedded database for one command, reads it, and stops it after', async () => {
    expect((await stopServer()).code).toBe(0);
    expect(await accepts(port)).toBe(false);

    const listed = await cli('users', 'list');

    expect(listed).toMatchObject({ code: 0 });
    const rows = listed.out.trim().split('\n');
    expect(rows[0]).toMatch(/^id\s+email/i);
    expect(rows.filter((row) => row.includes('first@example.com'))).toHaveLength(1);
    expect(rows.at(-1)).toBe('page 1 · 1 of 1');
    expect(listed.err).not.toContain('building');
    expect(running()).toBe(false);
    expect(await accepts(port)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'launcher.pid'))).toBe(false);
  }, 120_000);

  it('keeps the generated development secrets in the data directory, readable by its owner only', () => {
    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;

    expect(Object.keys(secrets).sort()).toEqual(['credentialsEncryptionKey', 'jwtSecret']);
    expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});
