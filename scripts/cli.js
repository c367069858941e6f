#!/usr/bin/env node
'use strict';
/**
 * `npm run cli -- <command>`: the admin CLI with the same settings as `npm start`, so a first-time user needs none.
 *
 *   1. reads `.env` (variables already in the environment win);
 *   2. builds only when a source file is newer than the build (tsc takes seconds; most calls change nothing);
 *   3. outside production, takes JWT_SECRET and CREDENTIALS_ENCRYPTION_KEY from .data/secrets.json (made once, as
 *      `npm start` does);
 *   4. without DATABASE_URL, uses the embedded PostgreSQL in .data/postgres: the running one (`npm start`), or
 *      starts it for the command and stops it after;
 *   5. runs the command; its exit code is the launcher's. Help needs none of 3 and 4.
 *
 * A setting or a dependency at fault is one line on stderr and exit 1.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const launcher = require('./start');

const { ROOT, PG_DIR, EMBEDDED, LaunchError } = launcher;
const BUILT = path.join(ROOT, launcher.ENTRY.cli);
const SOURCES = ['apps', 'libs', 'migrations'];
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

const fail = (line) => console.error(`[stoflow] ${line}`);

function newestSource(dir, newest = 0) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full, newest));
    else if (/\.(ts|json)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

function buildIfStale() {
  const built = fs.existsSync(BUILT) ? fs.statSync(BUILT).mtimeMs : 0;
  const inputs = [
    ...SOURCES.map((dir) => newestSource(path.join(ROOT, dir))),
    ...BUILD_INPUTS.map((file) => fs.statSync(path.join(ROOT, file)).mtimeMs),
  ];
  if (built > 0 && Math.max(...inputs) <= built) return;
  console.error('[stoflow] building (sources changed since the last build)');
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (tsc.status !== 0) throw new LaunchError('the build failed (see above)');
  // tsc leaves an unchanged output file alone: mark the build as fresh for the next call.
  const now = new Date();
  fs.utimesSync(BUILT, now, now);
}

/** The port of the embedded server when it is running (its postmaster.pid), else null. */
function runningEmbeddedPort() {
  try {
    const lines = fs.readFileSync(path.join(PG_DIR, 'postmaster.pid'), 'utf8').split('\n');
    process.kill(Number(lines[0]), 0);
    return Number(lines[3]) || null;
  } catch (err) {
    return err && err.code === 'EPERM' ? launcher.embeddedPort() : null;
  }
}

function embeddedUrl(port) {
  return `postgres://${EMBEDDED.user}:${EMBEDDED.password}@127.0.0.1:${port}/${EMBEDDED.database}`;
}

async function main() {
  const args = process.argv.slice(2);
  const helpOnly = args.length === 0 || args.includes('--help') || args.includes('-h');
  let database = null;
  let code = 1;
  try {
    launcher.notesToStderr();
    launcher.loadDotEnv();
    buildIfStale();
    if (!helpOnly) {
      launcher.ensureDevelopmentSecrets();
      if (!launcher.isSet('DATABASE_URL') && !launcher.isProduction()) {
        const port = runningEmbeddedPort();
        if (port) {
          process.env.DATABASE_URL = embeddedUrl(port);
        } else if (fs.existsSync(path.join(PG_DIR, 'PG_VERSION'))) {
          database = await launcher.startEmbeddedPostgres();
          process.env.DATABASE_URL = database.url;
        } else {
          throw new LaunchError(
            `DATABASE_URL is not set and there is no embedded database yet: run \`npm start\` once (it creates one in ${launcher.rel(PG_DIR)}), or set DATABASE_URL`,
          );
        }
      }
    }
    const child = spawnSync(process.execPath, ['-r', launcher.REGISTER_PATHS, BUILT, ...args], {
      cwd: ROOT,
      env: process.env,
      stdio: 'inherit',
    });
    code = child.status ?? 1;
  } catch (err) {
    if (err instanceof LaunchError) fail(err.message);
    else fail(`cli launcher failed: ${err && err.message ? err.message : err}`);
  } finally {
    if (database && database.owned) await database.stop();
  }
  process.exit(code);
}

main();
