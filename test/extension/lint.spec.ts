import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInstance } from 'addons-linter';
import { buildExtension } from '../../apps/extension/build';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/**
 * What `web-ext lint` checks (Mozilla's addons-linter, run on the release build for Firefox): no error, and no
 * warning but the one the shared manifest brings by design — Firefox ignores `background.service_worker`, which
 * is there for Chromium.
 */
describe('extension lint (addons-linter)', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'stoflow-extension-lint-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('finds no error in the release build, and no warning but the service worker Firefox ignores', async () => {
    const dirs = await buildExtension({ outDir: out, server: 'https://api.stoflow.example', zip: false });
    const linter = createInstance({
      config: { _: [dirs.firefox], logLevel: 'fatal', stack: false, pretty: false, output: 'none', boring: true },
      runAsBinary: false,
    });
    const report = (await linter.run()) as LintReport;
    const codes = (messages: LintMessage[]) => messages.map((m) => `${m.code}${m.file ? ` (${m.file})` : ''}`);
    expect({ errors: codes(report.errors), warnings: codes(report.warnings) }).toEqual({
      errors: [],
      warnings: ['BACKGROUND_SERVICE_WORKER_IGNORED (manifest.json)'],
    });
  });
});
