import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildExtension } from '../../apps/extension/build';

describe('extension build', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'stoflow-extension-build-'));
  });
  afterEach(() => rm(out, { recursive: true, force: true }));

  it('writes one manifest for both browsers; a release build accepts only Vinted and its server', async () => {
    const dirs = await buildExtension({ outDir: out, server: 'https://api.stoflow.example' });
    const chromium = JSON.parse(await readFile(path.join(dirs.chromium, 'manifest.json'), 'utf8'));
    const firefox = JSON.parse(await readFile(path.join(dirs.firefox, 'manifest.json'), 'utf8'));
    expect(firefox).toEqual(chromium);
    expect(chromium).toMatchObject({
      manifest_version: 3,
      background: { service_worker: 'background.js', scripts: ['background.js'] },
      permissions: ['storage', 'alarms', 'scripting'],
      browser_specific_settings: { gecko: { id: 'extension@stoflow.app' } },
    });
    expect(chromium.host_permissions).toContain('https://www.vinted.fr/*');
    expect(chromium.host_permissions).toContain('https://api.stoflow.example/*');
    // Vinted's image CDN: an import copies the photos from there, without the session.
    expect(chromium.host_permissions.filter((p: string) => !/^https:\/\/www\.vinted\./.test(p))).toEqual([
      'https://api.stoflow.example/*',
      'https://*.vinted.net/*',
    ]);
    expect(chromium.content_scripts).toBeUndefined();
    expect(await readdir(dirs.chromium)).not.toContain('test-bridge.js');
    const background = await readFile(path.join(dirs.chromium, 'background.js'), 'utf8');
    expect(background).not.toMatch(/127\.0\.0\.1:\d+/);
    expect(background).toContain('"https://api.stoflow.example"');
    expect((await readdir(out)).filter((f) => f.endsWith('.zip')).sort()).toEqual([
      'stoflow-chromium-0.1.0.zip',
      'stoflow-firefox-0.1.0.zip',
    ]);
  });

  it('lets a test build accept only loopback origins as Vinted sites', async () => {
    const dirs = await buildExtension({
      outDir: out,
      server: 'http://127.0.0.1:3000',
      testVintedOrigins: ['http://127.0.0.1:41234'],
      zip: false,
    });
    expect(await readFile(path.join(dirs.chromium, 'background.js'), 'utf8')).toContain('"http://127.0.0.1:41234"');
    await expect(
      buildExtension({ outDir: out, testVintedOrigins: ['https://evil.example'], zip: false }),
    ).rejects.toThrow(/only loopback origins/);
    await expect(buildExtension({ outDir: out, server: 'http://api.stoflow.example', zip: false })).rejects.toThrow(
      /Not a server origin/,
    );
  });
});
