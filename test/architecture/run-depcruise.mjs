// Worker-thread entry used by dependency-rules.spec.ts.
//
// dependency-cruiser 17 is ESM-only (its package.json "exports" has only an "import"
// condition), so `require('dependency-cruiser')` fails with ERR_PACKAGE_PATH_NOT_EXPORTED,
// and Jest's CommonJS runtime cannot `import()` it without --experimental-vm-modules.
// A worker thread runs in plain Node, outside Jest's module system, so it can import it;
// it calls the programmatic API and posts the cruise result (JSON) back to the test.
//
// workerData: { configFile, baseDir, tsConfigFile, entries }
//   configFile   absolute path of the dependency-cruiser config (the repo's .dependency-cruiser.js)
//   baseDir      directory the paths in the rules are relative to (the fixture root)
//   tsConfigFile absolute path of the tsconfig.json providing the @stoflow/* paths
//   entries      files/dirs to cruise, relative to baseDir (e.g. ['apps', 'libs'])
import { parentPort, workerData } from 'node:worker_threads';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const { configFile, baseDir, tsConfigFile, entries } = workerData;

// Same steps as the depcruise CLI: load the config (resolving `extends`), then cruise with its
// rules and options. Top-level cruise options win over config.options, so only baseDir and the
// tsconfig are swapped for the fixture's; every other option comes from the repo config.
const ruleSet = await extractDepcruiseConfig(configFile);
const { output } = await cruise(
  entries,
  {
    validate: true,
    ruleSet,
    outputType: 'json',
    baseDir,
    tsConfig: { fileName: tsConfigFile },
  },
  {},
  { tsConfig: extractTSConfig(tsConfigFile) },
);

parentPort.postMessage(typeof output === 'string' ? JSON.parse(output) : output);
