/**
 * Builds the extension: one Manifest V3 source for Chromium and Firefox (a `service_worker` for Chromium beside
 * `scripts` for Firefox; each browser uses its own key), bundled by esbuild, written to
 * dist/extension/{chromium,firefox}/ with a zip of each, ready for the stores.
 *
 *   npm run build:extension                               release build, default server http://localhost:3000
 *   STOFLOW_SERVER_URL=https://api.example npm run build:extension
 *
 * Test builds (the browser suite) add loopback origins that the extension accepts as Vinted sites; a release
 * build never does.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { matchPatterns, serverOrigin, VINTED_IMAGE_PATTERN, VINTED_ORIGINS } from './src/hosts';

export const BROWSERS = ['chromium', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

export const GECKO_ID = 'extension@stoflow.app';

export interface BuildOptions {
  /** Where chromium/ and firefox/ go; default dist/extension. */
  outDir?: string;
  /** The server the popup proposes; its host is in the manifest's host permissions. */
  server?: string;
  /** Test builds only: loopback origins accepted as Vinted sites (the fake Vinted server). */
  testVintedOrigins?: string[];
  zip?: boolean;
}

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(__dirname, 'src');

export function manifest(version: string, server: string, testVintedOrigins: string[]): Record<string, unknown> {
  return {
    manifest_version: 3,
    name: 'StoFlow',
    version,
    description: 'Publishes your StoFlow products to Vinted from your own logged-in Vinted tab.',
    background: { service_worker: 'background.js', scripts: ['background.js'] },
    action: { default_popup: 'popup.html', default_title: 'StoFlow' },
    permissions: ['storage', 'alarms', 'scripting'],
    host_permissions: [
      ...new Set([...matchPatterns([...VINTED_ORIGINS, ...testVintedOrigins, server]), VINTED_IMAGE_PATTERN]),
    ],
    // Another StoFlow server than the build's: asked for in the popup, for that one host, when pairing.
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    // Test builds only: the bridge the Firefox suite pairs through (src/test-bridge.ts).
    ...(testVintedOrigins.length > 0
      ? {
          content_scripts: [
            { matches: matchPatterns(testVintedOrigins), js: ['test-bridge.js'], run_at: 'document_start' },
          ],
        }
      : {}),
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
    minimum_chrome_version: '121',
    browser_specific_settings: {
      // 140: the first ESR that knows data_collection_permissions, which addons.mozilla.org now requires.
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}

export async function buildExtension(options: BuildOptions = {}): Promise<Record<Browser, string>> {
  const outDir = path.resolve(options.outDir ?? path.join(ROOT, 'dist', 'extension'));
  const server = serverOrigin(options.server ?? 'http://localhost:3000');
  if (!server) throw new Error(`Not a server origin the extension accepts: ${options.server}`);
  const testVintedOrigins = options.testVintedOrigins ?? [];
  for (const origin of testVintedOrigins) {
    if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(origin)) {
      throw new Error(`A test build accepts only loopback origins as Vinted sites, not ${origin}`);
    }
  }
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

  const staging = path.join(outDir, '.staging');
  await rm(staging, { recursive: true, force: true });
  await build({
    entryPoints: {
      background: path.join(SRC, 'background.ts'),
      popup: path.join(SRC, 'popup.ts'),
      ...(testVintedOrigins.length > 0 ? { 'test-bridge': path.join(SRC, 'test-bridge.ts') } : {}),
    },
    outdir: staging,
    bundle: true,
    format: 'iife',
    // Native async/await: the page function is sent to the page as source and must not call bundler helpers.
    target: ['chrome121', 'firefox128'],
    platform: 'browser',
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
    define: {
      __STOFLOW_VERSION__: JSON.stringify(version),
      __STOFLOW_DEFAULT_SERVER__: JSON.stringify(server),
      __STOFLOW_TEST_VINTED_ORIGINS__: JSON.stringify(testVintedOrigins),
    },
  });
  const manifestJson = `${JSON.stringify(manifest(version, server, testVintedOrigins), null, 2)}\n`;

  const dirs = {} as Record<Browser, string>;
  for (const browser of BROWSERS) {
    const dir = path.join(outDir, browser);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'manifest.json'), manifestJson);
    const scripts = ['background.js', 'popup.js', ...(testVintedOrigins.length > 0 ? ['test-bridge.js'] : [])];
    for (const file of scripts) await copyFile(path.join(staging, file), path.join(dir, file));
    for (const file of ['popup.html', 'popup.css']) await copyFile(path.join(SRC, file), path.join(dir, file));
    if (options.zip ?? true) await zipDir(dir, path.join(outDir, `stoflow-${browser}-${version}.zip`));
    dirs[browser] = dir;
  }
  await rm(staging, { recursive: true, force: true });
  return dirs;
}

/** A plain zip (deflate) of the files of one flat directory: what both stores take. */
async function zipDir(dir: string, zipPath: string): Promise<void> {
  const files = ['manifest.json', 'background.js', 'popup.js', 'popup.html', 'popup.css'];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of files) {
    const data = await readFile(path.join(dir, name));
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00: reproducible zips
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(zipPath, Buffer.concat([...locals, ...centrals, end]));
}

if (require.main === module) {
  buildExtension({ server: process.env.STOFLOW_SERVER_URL })
    .then((dirs) => process.stdout.write(`extension built: ${Object.values(dirs).join(', ')}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
}
