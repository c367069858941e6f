import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';

const ROOT = join(__dirname, '..', '..');
const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;

/**
 * `engines.node` says the truth: every package the lockfile installs accepts the oldest Node the project
 * declares, so `npm ci` on that Node gives no engine warning and nothing needs a newer runtime.
 */
describe('the Node version the project declares', () => {
  const declared = (json('package.json').engines as { node: string }).node;
  const floor = minVersion(declared)!.version;

  it('is a floor every installed package accepts', () => {
    const packages = json('package-lock.json').packages as Record<string, { engines?: { node?: string } }>;
    const refusing = Object.entries(packages)
      .filter(([path, info]) => path !== '' && info.engines?.node && !satisfies(floor, info.engines.node))
      .map(([path, info]) => `${path.replace(/^node_modules\//, '')} wants node ${info.engines!.node}`);
    expect({ floor, refusing }).toEqual({ floor, refusing: [] });
  });

  it('is the Node this machine runs, or older', () => {
    expect(satisfies(process.versions.node, declared)).toBe(true);
  });
});
