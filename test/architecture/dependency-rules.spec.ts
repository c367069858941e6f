/**
 * Checks the architecture rules of the root .dependency-cruiser.js against the fixture tree
 * test/fixtures/depcruise/ (a miniature apps/ + libs/ + migrations/ + test/ layout with its own
 * tsconfig.json mapping @stoflow/*). Every `violates-*.ts` fixture file breaks exactly one rule;
 * every other import in the fixture is legal and must not be reported.
 *
 * dependency-cruiser is ESM-only, so it runs in a worker thread (see run-depcruise.mjs) with the
 * repo config, baseDir = the fixture root and the fixture's tsconfig.json.
 */
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

const REPO_ROOT = resolve(__dirname, '..', '..');
const FIXTURE_ROOT = join(REPO_ROOT, 'test', 'fixtures', 'depcruise');
const CONFIG_FILE = join(REPO_ROOT, '.dependency-cruiser.js');

// The subset of dependency-cruiser's ICruiseResult (json reporter) this test reads.
interface RuleRef {
  name: string;
  severity: string;
}
interface Dependency {
  module: string;
  resolved: string;
  valid: boolean;
  circular: boolean;
  couldNotResolve: boolean;
  dependencyTypes: string[];
  rules?: RuleRef[];
}
interface Module {
  source: string;
  dependencies: Dependency[];
}
interface Violation {
  type: string;
  from: string;
  to: string;
  rule: RuleRef;
  cycle?: { name: string }[];
}
interface ForbiddenRule {
  name: string;
  severity?: string;
  comment?: string;
}
interface CruiseResult {
  modules: Module[];
  summary: {
    violations: Violation[];
    error: number;
    warn: number;
    info: number;
    ruleSetUsed: { forbidden?: ForbiddenRule[] };
    optionsUsed: { baseDir?: string };
  };
}

interface Edge {
  rule: string;
  from: string;
  to: string;
}

/** Every import that breaks a rule, one entry per (rule, import). Cycles: one entry per edge. */
const EXPECTED: Edge[] = [
  {
    rule: 'lib-through-index',
    from: 'libs/catalog/src/violates-lib-through-index.ts',
    to: 'libs/auth/src/auth.service.ts',
  },
  {
    rule: 'core-imports-no-module',
    from: 'libs/core/src/violates-core-imports-no-module.ts',
    to: 'libs/auth/src/index.ts',
  },
  {
    rule: 'apps-through-index',
    from: 'apps/api/src/violates-apps-through-index.ts',
    to: 'libs/catalog/src/product.ts',
  },
  {
    rule: 'apps-through-index',
    from: 'apps/cli/src/violates-apps-through-index-type-only.ts',
    to: 'libs/catalog/src/product.ts',
  },
  {
    rule: 'no-app-to-app',
    from: 'apps/worker/src/violates-no-app-to-app.ts',
    to: 'apps/api/src/app.module.ts',
  },
  {
    rule: 'publishing-imports-no-marketplace',
    from: 'libs/publishing/src/violates-publishing-imports-no-marketplace.ts',
    to: 'libs/vinted/src/index.ts',
  },
  {
    rule: 'lib-through-index',
    from: 'libs/etsy/src/violates-lib-through-index-publishing.ts',
    to: 'libs/publishing/src/job-runner.ts',
  },
  { rule: 'no-circular', from: 'libs/vinted/src/index.ts', to: 'libs/ebay/src/index.ts' },
  { rule: 'no-circular', from: 'libs/ebay/src/index.ts', to: 'libs/vinted/src/index.ts' },
  {
    rule: 'not-to-test',
    from: 'libs/catalog/src/violates-not-to-test.ts',
    to: 'test/helpers.ts',
  },
  {
    rule: 'stoflow-alias-resolvable',
    from: 'apps/cli/src/violates-stoflow-alias-resolvable.ts',
    to: '@stoflow/core/clock',
  },
];

/** Legal imports that must be in the graph (so resolved as intended) and must not be reported. */
const LEGAL: { why: string; from: string; to: string }[] = [
  { why: 'a lib importing its own files', from: 'libs/core/src/index.ts', to: 'libs/core/src/clock.ts' },
  { why: 'core importing migrations/', from: 'libs/core/src/index.ts', to: 'migrations/index.ts' },
  {
    why: 'a lib importing core through @stoflow/core',
    from: 'libs/auth/src/auth.service.ts',
    to: 'libs/core/src/index.ts',
  },
  {
    why: 'a lib importing another lib through its index',
    from: 'libs/catalog/src/product.ts',
    to: 'libs/core/src/index.ts',
  },
  {
    why: 'a type-only import through an index',
    from: 'libs/auth/src/auth.service.ts',
    to: 'libs/catalog/src/index.ts',
  },
  { why: 'a cycle inside one lib', from: 'libs/etsy/src/listing.ts', to: 'libs/etsy/src/listing-image.ts' },
  { why: 'a cycle inside one lib', from: 'libs/etsy/src/listing-image.ts', to: 'libs/etsy/src/listing.ts' },
  { why: 'an app importing its own files', from: 'apps/api/src/main.ts', to: 'apps/api/src/app.module.ts' },
  { why: 'an app importing libs through @stoflow/*', from: 'apps/api/src/main.ts', to: 'libs/auth/src/index.ts' },
  { why: 'an app importing libs through @stoflow/*', from: 'apps/api/src/main.ts', to: 'libs/catalog/src/index.ts' },
  { why: 'an app importing libs through @stoflow/*', from: 'apps/api/src/main.ts', to: 'libs/core/src/index.ts' },
  { why: 'an app importing libs through @stoflow/*', from: 'apps/api/src/main.ts', to: 'libs/etsy/src/index.ts' },
  { why: 'an app importing libs through @stoflow/*', from: 'apps/cli/src/main.ts', to: 'libs/core/src/index.ts' },
  { why: 'an app importing libs through @stoflow/*', from: 'apps/worker/src/main.ts', to: 'libs/vinted/src/index.ts' },
];

const byEdge = (a: Edge, b: Edge): number => `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`);

function cruiseFixture(): Promise<CruiseResult> {
  return new Promise<CruiseResult>((resolvePromise, reject) => {
    const worker = new Worker(join(__dirname, 'run-depcruise.mjs'), {
      workerData: {
        configFile: CONFIG_FILE,
        baseDir: FIXTURE_ROOT,
        tsConfigFile: join(FIXTURE_ROOT, 'tsconfig.json'),
        entries: ['apps', 'libs'],
      },
    });
    let result: CruiseResult | undefined;
    worker.once('message', (message: CruiseResult) => {
      result = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolvePromise(result);
      else reject(new Error(`dependency-cruiser worker exited with code ${code} without a result`));
    });
  });
}

describe('architecture rules (.dependency-cruiser.js) on test/fixtures/depcruise', () => {
  let result: CruiseResult;
  let reported: Edge[];

  beforeAll(async () => {
    result = await cruiseFixture();
    reported = result.modules
      .flatMap((module) =>
        module.dependencies.flatMap((dependency) =>
          (dependency.rules ?? []).map((rule) => ({ rule: rule.name, from: module.source, to: dependency.resolved })),
        ),
      )
      .sort(byEdge);
  }, 60_000);

  it('cruised the fixture (not the repo) with the fixture tsconfig paths', () => {
    expect(result.summary.optionsUsed.baseDir).toBe(FIXTURE_ROOT);
    const sources = result.modules.map((module) => module.source);
    expect(sources).toEqual(expect.arrayContaining(['libs/core/src/index.ts', 'apps/api/src/main.ts']));
    // every @stoflow/* import except the deliberately broken one resolved through the tsconfig paths
    const unresolvedAliases = result.modules.flatMap((module) =>
      module.dependencies
        .filter((dependency) => dependency.module.startsWith('@stoflow/') && dependency.couldNotResolve)
        .map((dependency) => `${module.source} -> ${dependency.module}`),
    );
    expect(unresolvedAliases).toEqual(['apps/cli/src/violates-stoflow-alias-resolvable.ts -> @stoflow/core/clock']);
  });

  it('reports exactly the expected violations, and nothing else', () => {
    expect(reported).toEqual([...EXPECTED].sort(byEdge));
  });

  const ruleNames = [...new Set(EXPECTED.map((edge) => edge.rule))];

  it.each(ruleNames)('rule %s reports exactly its expected import(s)', (ruleName) => {
    expect(reported.filter((edge) => edge.rule === ruleName)).toEqual(
      EXPECTED.filter((edge) => edge.rule === ruleName).sort(byEdge),
    );
  });

  it('each offending fixture file breaks exactly one rule', () => {
    const rulesPerImport = new Map<string, string[]>();
    for (const edge of reported) {
      const key = `${edge.from} -> ${edge.to}`;
      rulesPerImport.set(key, [...(rulesPerImport.get(key) ?? []), edge.rule]);
    }
    const brokenTwice = [...rulesPerImport].filter(([, rules]) => rules.length > 1);
    expect(brokenTwice).toEqual([]);
  });

  it('summarises the same violations as errors (a cycle is summarised once)', () => {
    const summarised = result.summary.violations.map((violation) => ({
      rule: violation.rule.name,
      from: violation.from,
      to: violation.to,
    }));
    for (const violation of summarised) {
      expect(EXPECTED).toContainEqual(violation);
    }
    expect(new Set(summarised.map((violation) => violation.rule))).toEqual(new Set(ruleNames));
    expect(result.summary.violations.every((violation) => violation.rule.severity === 'error')).toBe(true);
    expect(result.summary.error).toBe(result.summary.violations.length);
  });

  it.each(LEGAL)('does not report $why: $from -> $to', ({ from, to }) => {
    const module = result.modules.find((candidate) => candidate.source === from);
    const dependency = module?.dependencies.find((candidate) => candidate.resolved === to);
    // The import must be found (resolved to `to`) and judged valid, with no rule attached.
    expect(dependency).toMatchObject({ resolved: to, valid: true });
    expect(dependency?.rules).toBeUndefined();
  });

  it('does not report npm packages and node built-ins', () => {
    const clock = result.modules.find((module) => module.source === 'libs/core/src/clock.ts');
    const external = clock?.dependencies.filter((dependency) => !dependency.dependencyTypes.includes('local')) ?? [];
    expect(external.map((dependency) => dependency.module).sort()).toEqual(['@nestjs/common', 'crypto']);
    expect(external.every((dependency) => dependency.valid)).toBe(true);
  });

  it('covers every forbidden rule of the config with a fixture, and every rule explains itself', () => {
    const forbidden = result.summary.ruleSetUsed.forbidden ?? [];
    expect(forbidden.map((rule) => rule.name).sort()).toEqual([...ruleNames].sort());
    for (const rule of forbidden) {
      expect(rule.severity).toBe('error');
      expect(rule.comment?.length ?? 0).toBeGreaterThan(40);
    }
  });
});
